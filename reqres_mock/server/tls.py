"""HTTPS as Logic Apps accepts it: TLS 1.2 only, with the eight cipher suites the article lists.

A throw-away certificate authority (made with ``trustme``) issues an RSA and an ECDSA server
certificate for the loopback names, both loaded into one :class:`ssl.SSLContext`, so every one
of the eight suites (four ECDSA, four RSA) can be negotiated. The CA's PEM is written only to a
private temporary directory unless you ask for another place, and helpers configure the usual
clients to trust it. The handshake itself happens per connection (see
:mod:`reqres_mock.server.handshake`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import ssl
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reqres_mock.config import Choice, parse_choice
from reqres_mock.errors import ConfigurationError

if TYPE_CHECKING:
    from collections.abc import Iterator

#: The suites the article lists for incoming calls (IANA name -> OpenSSL name), in its order.
LOGIC_APPS_CIPHER_SUITES: dict[str, str] = {
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384": "ECDHE-ECDSA-AES256-GCM-SHA384",
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256": "ECDHE-ECDSA-AES128-GCM-SHA256",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384": "ECDHE-RSA-AES256-GCM-SHA384",
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256": "ECDHE-RSA-AES128-GCM-SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384": "ECDHE-ECDSA-AES256-SHA384",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256": "ECDHE-ECDSA-AES128-SHA256",
    "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384": "ECDHE-RSA-AES256-SHA384",
    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256": "ECDHE-RSA-AES128-SHA256",
}
#: Names the server certificates are issued for, besides a specific host it binds.
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
_CA_FILE_NAME = "reqres-mock-ca.pem"


class TlsProfile(Choice):
    """Which TLS the HTTPS server accepts.

    ``logic-apps``: TLS 1.2 only, the article's eight suites (faithful; the default).
    ``modern``: TLS 1.2 or 1.3 with Python's default secure suites, for users who only want
    encryption and not Azure's refusals.
    """

    LOGIC_APPS = "logic-apps"
    MODERN = "modern"


def _trustme() -> Any:
    try:
        import trustme  # noqa: PLC0415 (optional dependency, only for HTTPS)
    except ImportError as err:
        raise ConfigurationError(
            "HTTPS with a throw-away certificate authority needs trustme: "
            "pip install 'reqres-mock[https]' (or give your own certificate and key)"
        ) from err
    return trustme


def _load_pem_chain(context: ssl.SSLContext, pem: bytes) -> None:
    # ssl only loads certificate chains from files (bpo-16487): a private temporary file.
    handle, name = tempfile.mkstemp(prefix="reqres-mock-", suffix=".pem")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(pem)
        context.load_cert_chain(name)
    finally:
        os.unlink(name)


@dataclass(frozen=True)
class ServerCertificates:
    """What the HTTPS server presents: PEM blobs (private key + certificate chain) and/or files.

    Build it with :meth:`CertificateAuthority.issue` or :meth:`from_files`.
    """

    pems: tuple[bytes, ...] = ()
    files: tuple[tuple[Path, Path | None], ...] = ()

    @classmethod
    def from_files(cls, cert: str | Path, key: str | Path | None = None) -> ServerCertificates:
        """Your own certificate chain (PEM) and private key (PEM; omit it when ``cert`` holds
        both). Only the suites matching its key type (RSA or ECDSA) can then be negotiated.

        :raises ConfigurationError: when a file does not exist.
        """
        paths = [Path(cert)] + ([Path(key)] if key is not None else [])
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:
            raise ConfigurationError(f"certificate file(s) not found: {', '.join(missing)}")
        return cls(files=((Path(cert), Path(key) if key is not None else None),))

    def load_into(self, context: ssl.SSLContext) -> None:
        """Load every certificate into ``context``.

        :raises ConfigurationError: when a certificate or key cannot be loaded.
        """
        try:
            for pem in self.pems:
                _load_pem_chain(context, pem)
            for cert, key in self.files:
                context.load_cert_chain(cert, key)
        except (ssl.SSLError, OSError) as err:
            raise ConfigurationError(f"cannot load the server certificate: {err}") from err


def server_context(profile: TlsProfile | str, certificates: ServerCertificates) -> ssl.SSLContext:
    """The server's SSLContext for ``profile``, presenting ``certificates``.

    :raises ConfigurationError: for an unknown profile, an unloadable certificate, or an OpenSSL
        that lacks the suites.
    """
    chosen = parse_choice(TlsProfile, profile, "tls")
    if chosen is TlsProfile.LOGIC_APPS:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.maximum_version = ssl.TLSVersion.TLSv1_2
        try:
            context.set_ciphers(":".join(LOGIC_APPS_CIPHER_SUITES.values()))
        except ssl.SSLError as err:  # pragma: no cover - every OpenSSL 1.1+ build has them
            raise ConfigurationError(
                f"this OpenSSL ({ssl.OPENSSL_VERSION}) lacks Logic Apps' cipher suites; "
                "use tls='modern'"
            ) from err
    else:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
    certificates.load_into(context)
    return context


class CertificateAuthority:
    """A throw-away certificate authority for tests, made with ``trustme``.

    Its PEM lives in memory and, once :attr:`path` is asked for, in a private temporary
    directory that :meth:`close` removes; it is written elsewhere only by :meth:`write`.

    :raises ConfigurationError: when ``trustme`` is not installed.
    """

    def __init__(self) -> None:
        trustme = _trustme()
        self._trustme = trustme
        self._ca = trustme.CA(
            organization_name="reqres-mock", organization_unit_name="throw-away test CA"
        )
        self._lock = threading.Lock()
        self._directory: Path | None = None

    @property
    def pem(self) -> bytes:
        """The CA certificate, PEM-encoded."""
        return bytes(self._ca.cert_pem.bytes())

    @property
    def path(self) -> Path:
        """The CA certificate as a PEM file in a private temporary directory."""
        with self._lock:
            if self._directory is None:
                self._directory = Path(tempfile.mkdtemp(prefix="reqres-mock-ca-"))
                (self._directory / _CA_FILE_NAME).write_bytes(self.pem)
            return self._directory / _CA_FILE_NAME

    @property
    def requests_verify(self) -> str:
        """For ``requests``: ``requests.get(url, verify=ca.requests_verify)``."""
        return str(self.path)

    def write(self, path: str | Path) -> Path:
        """Write the CA certificate (PEM) to ``path``, e.g. for another process; returns it."""
        target = Path(path)
        target.write_bytes(self.pem)
        return target

    def client_context(self) -> ssl.SSLContext:
        """A client SSLContext that trusts this CA (and only it): httpx's ``verify=``,
        ``urllib.request.urlopen(context=)``, aiohttp's ``ssl=``."""
        return ssl.create_default_context(cadata=self.pem.decode("ascii"))

    def environ(self) -> dict[str, str]:
        """Environment variables that make code under test trust this CA: ``SSL_CERT_FILE``
        (OpenSSL's default store: urllib, ``ssl.create_default_context()``) and
        ``REQUESTS_CA_BUNDLE`` (requests)."""
        path = str(self.path)
        return {"SSL_CERT_FILE": path, "REQUESTS_CA_BUNDLE": path}

    @contextlib.contextmanager
    def patch_environ(self) -> Iterator[dict[str, str]]:
        """Set :meth:`environ` in ``os.environ`` for the block, then restore what was there.

        In pytest, prefer ``for k, v in ca.environ().items(): monkeypatch.setenv(k, v)``.
        """
        values = self.environ()
        saved = {name: os.environ.get(name) for name in values}
        os.environ.update(values)
        try:
            yield values
        finally:
            for name, old in saved.items():
                if old is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = old

    def issue(self, *hosts: str) -> ServerCertificates:
        """An RSA and an ECDSA server certificate for ``hosts`` (default: the loopback names),
        so that all eight suites can be negotiated."""
        names = list(dict.fromkeys(hosts or LOOPBACK_NAMES))
        key_types = self._trustme.KeyType
        leaves = [self._ca.issue_cert(*names, key_type=t) for t in (key_types.RSA, key_types.ECDSA)]
        return ServerCertificates(
            pems=tuple(bytes(leaf.private_key_and_cert_chain_pem.bytes()) for leaf in leaves)
        )

    def close(self) -> None:
        """Remove the temporary directory holding the PEM (idempotent)."""
        with self._lock:
            directory, self._directory = self._directory, None
        if directory is not None:
            shutil.rmtree(directory, ignore_errors=True)

    def __enter__(self) -> CertificateAuthority:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<CertificateAuthority {self._directory or '(in memory)'}>"
