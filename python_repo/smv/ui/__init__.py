"""smv-ui: the app's dependency graph and its runs, live in the browser (from the run log)."""
