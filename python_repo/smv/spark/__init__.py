"""Spark from Python: the session with the SMV jar, py4j helpers, the app's code on every executor."""
