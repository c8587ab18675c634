"""An SMV app: its folder and conf files, its data locations, `SmvApp` that runs it, its graph."""
