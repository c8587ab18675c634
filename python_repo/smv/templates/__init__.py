"""smv-init's app templates: layers of files (`*.tmpl`) rendered into a new app folder."""
