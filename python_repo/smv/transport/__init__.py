"""The repository contract over gRPC: generated code's import point, server, client, token, TLS."""
