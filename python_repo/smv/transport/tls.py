"""TLS for repository servers and clients, and the rule for where a server may listen.

A server listens on a Unix socket or on loopback (127.0.0.1, localhost, [::1]) with
or without TLS. Any other address is reachable by others, so it needs TLS (server
certificate and key; a client CA makes it mutual TLS) or an explicit `insecure`,
which is logged as a warning at start and for every new connection. The bearer token
is required either way: TLS protects it and the data in transit, the token decides
who may call.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc

_log = logging.getLogger(__name__)
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
PLAINTEXT_HINT = ("if the server uses TLS, connect with its CA certificate (--tls-ca, RepositoryClient(tls=...)); "
                  "a plaintext client cannot talk to a TLS server")


@dataclass(frozen=True)
class ServerTls:
    """The server's certificate chain and private key (PEM files); `client_ca`: require client certificates
    signed by it (mutual TLS)."""

    cert_file: str
    key_file: str
    client_ca_file: str | None = None

    def credentials(self) -> grpc.ServerCredentials:
        pair = (_read(self.key_file, "server private key", _PRIVATE_KEY),
                _read(self.cert_file, "server certificate", _CERTIFICATE))
        ca = _read(self.client_ca_file, "client CA certificate", _CERTIFICATE) if self.client_ca_file else None
        return grpc.ssl_server_credentials([pair], root_certificates=ca, require_client_auth=ca is not None)


@dataclass(frozen=True)
class ClientTls:
    """The CA that signed the server's certificate; a client certificate and key for mutual TLS."""

    ca_file: str
    cert_file: str | None = None
    key_file: str | None = None

    def __post_init__(self) -> None:
        if (self.cert_file is None) != (self.key_file is None):
            raise ValueError("a client certificate needs its private key and the other way round "
                             "(give both --tls-cert and --tls-key, or neither)")

    def credentials(self) -> grpc.ChannelCredentials:
        return grpc.ssl_channel_credentials(
            root_certificates=_read(self.ca_file, "CA certificate", _CERTIFICATE),
            private_key=_read(self.key_file, "client private key", _PRIVATE_KEY) if self.key_file else None,
            certificate_chain=_read(self.cert_file, "client certificate", _CERTIFICATE) if self.cert_file else None)


def server_tls_from_options(cert: str | None, key: str | None, client_ca: str | None,
                            client_ca_option: str) -> ServerTls | None:
    """A server's TLS from its --tls-* options (None: plaintext). The files are read now, so a
    wrong path or kind is one line at start, not a handshake failure later."""
    if cert is None and key is None:
        if client_ca is not None:
            raise ValueError(f"{client_ca_option} needs --tls-cert and --tls-key (the server's own certificate)")
        return None
    if cert is None or key is None:
        raise ValueError("TLS needs both --tls-cert and --tls-key")
    tls = ServerTls(cert, key, client_ca)
    tls.credentials()
    return tls


def is_local(address: str) -> bool:
    """A Unix socket or a loopback host: only this machine can connect."""
    if address.startswith("unix:"):
        return True
    host = address.rsplit(":", 1)[0] if ":" in address else ""
    return host in LOOPBACK_HOSTS


def check_listen_address(address: str, tls: ServerTls | None, insecure: bool) -> None:
    """Refuses (ValueError) an address this server may not listen on, before anything is bound."""
    if address.startswith("unix:"):
        if len(address) <= len("unix:"):
            raise ValueError(f"address {address!r} names no socket path")
        return
    if ":" not in address or not address.rsplit(":", 1)[1].isdigit():
        raise ValueError(f"address {address!r} is neither 'unix:/path' nor 'host:port'")
    if is_local(address) or tls is not None or insecure:
        return
    raise ValueError(
        f"address {address!r} is not local (not a Unix socket or {', '.join(LOOPBACK_HOSTS)}): a server reachable "
        "from other machines needs TLS (--tls-cert and --tls-key, optionally --tls-client-ca for mutual TLS), "
        "or --insecure to serve plaintext anyway (not recommended: the token and data travel in clear)")


class InsecureConnectionWarner(grpc.ServerInterceptor):
    """Logs a warning for each new peer (connection) of a plaintext server listening beyond loopback."""

    def __init__(self, address: str) -> None:
        self.address = address
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def intercept_service(self, continuation: Callable[[grpc.HandlerCallDetails], Any],
                          handler_call_details: grpc.HandlerCallDetails) -> Any:
        handler = continuation(handler_call_details)
        if handler is None:
            return handler
        # every shape: a peer that only streams (reflection, a health watch) is warned about too
        shape = {(False, False): "unary_unary", (False, True): "unary_stream", (True, False): "stream_unary",
                 (True, True): "stream_stream"}[(handler.request_streaming, handler.response_streaming)]
        inner = getattr(handler, shape)

        def warn_then_call(request: Any, context: grpc.ServicerContext) -> Any:
            self._warn_once(context.peer())
            return inner(request, context)

        return handler._replace(**{shape: warn_then_call})

    def _warn_once(self, peer: str) -> None:
        with self._lock:
            if peer in self._seen:
                return
            self._seen.add(peer)
            if len(self._seen) > 10_000:
                self._seen.clear()
        _log.warning("INSECURE: plaintext connection from %s to %s (no TLS: the token and data travel in clear)",
                     peer, self.address)


# What a PEM file of each kind contains, and how an error names that form.
_CERTIFICATE = (b"-----BEGIN CERTIFICATE-----", "a PEM certificate (-----BEGIN CERTIFICATE-----)")
_PRIVATE_KEY = (b"PRIVATE KEY-----", "a PEM private key (-----BEGIN ... PRIVATE KEY-----)")


def _read(path: str | None, what: str, pem: tuple[bytes, str]) -> bytes:
    """The file's bytes, once it is known to be PEM of the kind `pem` names."""
    if not path:
        raise ValueError(f"no {what} file given")
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ValueError(f"cannot read the {what} {path}: {exc.strerror or exc}") from exc
    marker, form = pem
    if marker not in data:
        raise ValueError(f"the {what} {path} is not {form}")
    return data
