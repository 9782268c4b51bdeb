"""A TLS ClientHello, read from a connection's first bytes: what the client offered.

Only what diagnostics need: the TLS versions (from ``supported_versions`` when present, else the
hello's own version) and the cipher suites, named as IANA names them.
"""

from __future__ import annotations

import ssl
import struct
from dataclasses import dataclass

#: A TLS record carrying a handshake message starts with this byte.
HANDSHAKE_RECORD = 0x16
_CLIENT_HELLO = 0x01
_SUPPORTED_VERSIONS = 0x002B
_VERSION_NAMES = {
    ssl.TLSVersion.SSLv3: "SSL 3.0",
    ssl.TLSVersion.TLSv1: "TLS 1.0",
    ssl.TLSVersion.TLSv1_1: "TLS 1.1",
    ssl.TLSVersion.TLSv1_2: "TLS 1.2",
    ssl.TLSVersion.TLSv1_3: "TLS 1.3",
}
_WIRE_VERSIONS = {version.value: version for version in _VERSION_NAMES}
#: IANA names of suites clients commonly offer; others are shown as hex codes.
_SUITE_NAMES = {
    0xC02C: "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    0xC02B: "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    0xC030: "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    0xC02F: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    0xC024: "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
    0xC023: "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
    0xC028: "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
    0xC027: "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
    0xC00A: "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
    0xC009: "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
    0xC014: "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
    0xC013: "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
    0xCCA9: "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
    0xCCA8: "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    0x009D: "TLS_RSA_WITH_AES_256_GCM_SHA384",
    0x009C: "TLS_RSA_WITH_AES_128_GCM_SHA256",
    0x0035: "TLS_RSA_WITH_AES_256_CBC_SHA",
    0x002F: "TLS_RSA_WITH_AES_128_CBC_SHA",
    0x1301: "TLS_AES_128_GCM_SHA256",
    0x1302: "TLS_AES_256_GCM_SHA384",
    0x1303: "TLS_CHACHA20_POLY1305_SHA256",
    0x00FF: "TLS_EMPTY_RENEGOTIATION_INFO_SCSV",
}


def version_name(version: ssl.TLSVersion) -> str:
    """``TLS 1.2`` for ``ssl.TLSVersion.TLSv1_2``."""
    return _VERSION_NAMES.get(version, version.name)


@dataclass(frozen=True)
class ClientHello:
    """What a client offered in its ClientHello (as far as the first read carried it)."""

    versions: tuple[ssl.TLSVersion, ...] = ()
    cipher_suites: tuple[str, ...] = ()


def parse_client_hello(data: bytes) -> ClientHello | None:
    """The versions and suites offered in ``data`` (a connection's first bytes), or ``None``
    when it does not start with a TLS ClientHello. A truncated hello gives what it holds."""
    if len(data) < 11 or data[0] != HANDSHAKE_RECORD or data[5] != _CLIENT_HELLO:
        return None
    body = data[9:]  # after the record header (5 bytes) and the handshake header (4)
    legacy = struct.unpack_from("!H", body)[0]
    suites: list[int] = []
    listed: list[int] | None = None
    try:
        pos = 2 + 32  # client_version, random
        pos += 1 + body[pos]  # session id
        (length,) = struct.unpack_from("!H", body, pos)
        suites = [struct.unpack_from("!H", body, pos + 2 + i)[0] for i in range(0, length, 2)]
        pos += 2 + length
        pos += 1 + body[pos]  # compression methods
        (length,) = struct.unpack_from("!H", body, pos)
        pos, end = pos + 2, pos + 2 + length
        while pos + 4 <= end:
            kind, size = struct.unpack_from("!HH", body, pos)
            if kind == _SUPPORTED_VERSIONS:
                count = body[pos + 4]
                listed = [
                    struct.unpack_from("!H", body, pos + 5 + i)[0] for i in range(0, count, 2)
                ]
            pos += 4 + size
    except (IndexError, struct.error):
        pass  # truncated: keep what was read
    # Without a supported_versions extension (TLS 1.2 and older), the hello's version is the
    # highest the client offers; unknown (GREASE) values are left out.
    offered = listed if listed is not None else [legacy]
    return ClientHello(
        versions=tuple(
            sorted({_WIRE_VERSIONS[v] for v in offered if v in _WIRE_VERSIONS}, reverse=True)
        ),
        cipher_suites=tuple(_SUITE_NAMES.get(s, f"0x{s:04X}") for s in suites),
    )
