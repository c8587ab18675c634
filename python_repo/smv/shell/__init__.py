"""SMV's shell functions, for smv-pyshell and notebooks.

    app = smv.SmvApp.create(app_dir="my_app")
    from smv.shell import *
    df("EmploymentByState").show(); ls(); ancestors("EmploymentByState")

The functions act on the SmvApp created last in this process (or the one given to `bind(app)`).
"""
from smv.shell.functions import (ancestors, bind, descendants, df, exportToHive, graph, graphStage, help, ls,
                                 lsDead, lsStage, now, openCsv, openHive, shell_app)
from smv.shell.schema_discovery import smvDiscoverSchemaToFile

__all__ = ["df", "ls", "lsStage", "lsDead", "ancestors", "descendants", "graph", "graphStage", "openCsv",
           "openHive", "exportToHive", "smvDiscoverSchemaToFile", "now", "help", "bind", "shell_app"]
