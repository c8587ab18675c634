"""The commands, a module each: smv-run (smv-pyrun), smv-repo, smv-repository-server."""
