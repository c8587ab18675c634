"""The Python repository: finds a stage's datasets, hashes them, answers their metadata, runs them.

The contract in Python terms, with its urns and its errors; serving it over gRPC is smv.transport's.
"""
