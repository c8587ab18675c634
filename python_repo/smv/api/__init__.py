"""The user API: what an app's modules are written with (datasets, inputs, links, DQM, schemas).

Users import it as `smv.X` (`smv/__init__.py` re-exports it), `smv.dqm` and `smv.smvdataset`.
"""
