"""Recording: forward a call to the real Logic App and keep the exchange.

:class:`Proxy` sends the call on with ``requests`` (method, path, query, headers and body kept;
TLS verified; no redirects followed) and streams the reply back in chunks. The client gets the
real reply unchanged but for its framing (the mock writes its own ``Date`` and
``Content-Length``) and for URLs pointing at the real host (``Location``), which point at the
mock so that polls go through it too. The cassette keeps the exchange as the real host saw it,
with gzip/deflate bodies decoded; :mod:`reqres_mock.cassettes.scrub` removes secrets before
it is written.
"""

from __future__ import annotations

import gzip
import re
import secrets
import time
import zlib
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import requests

from reqres_mock.cassettes.cassette import (
    HOP_BY_HOP,
    Interaction,
    RecordedRequest,
    RecordedResponse,
    rebase,
)
from reqres_mock.errors import ConfigurationError, ReqResError
from reqres_mock.exchange import Headers, Reply

if TYPE_CHECKING:
    from requests.adapters import BaseAdapter

    from reqres_mock.exchange import InboundRequest

#: Seconds a recorded call may take: Standard's 235 s limit, with a margin.
DEFAULT_PROXY_TIMEOUT = 240.0
_CONNECT_TIMEOUT = 10.0
_CHUNK = 65536


class ProxyError(ReqResError, AssertionError):
    """The recording proxy could not get a reply from the target (unreachable, TLS failed,
    timed out); the caller got 502 and nothing was recorded."""


class _DirectSession(requests.Session):
    """A Session that always uses its own adapters: the in-process requests adapter's
    ``intercept()`` must not route the proxy's calls back into the mock."""

    def get_adapter(self, url: str) -> BaseAdapter:
        for prefix, adapter in self.adapters.items():
            if url.lower().startswith(prefix.lower()):
                return adapter
        raise requests.exceptions.InvalidSchema(f"no connection adapter for {url!r}")


def _decoded(body: bytes, encoding: str) -> bytes | None:
    """``body`` without its content coding, or ``None`` when it cannot be undone."""
    try:
        if encoding in ("gzip", "x-gzip"):
            return gzip.decompress(body)
        if encoding == "deflate":
            try:
                return zlib.decompress(body)
            except zlib.error:
                return zlib.decompress(body, -zlib.MAX_WBITS)  # raw deflate, as some send it
    except (OSError, EOFError, zlib.error):
        return None
    return None


_SIG = re.compile(r"(?:(?<=[?&])|^)sig=([^&]*)")


class Proxy:
    """Forwards calls to ``target``: a real callback URL, or a base URL.

    :param target: ``https://prod-12.westeurope.logic.azure.com:443/workflows/…?…&sig=…`` (only
        its scheme and authority are used; calls keep their own path and query) or a base URL,
        whose path is put before each call's path.
    :param verify: TLS verification, as ``requests``' ``verify=``: ``True`` or a CA bundle.
    :param timeout: seconds to wait for the target's reply.
    :raises ConfigurationError: for a target that is no http(s) URL.
    """

    def __init__(
        self, target: str, *, verify: bool | str = True, timeout: float = DEFAULT_PROXY_TIMEOUT
    ) -> None:
        parts = urlsplit(target)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            raise ConfigurationError(
                f"target {target!r} is not an http(s) URL; give the real Logic App's callback "
                "URL or base URL, e.g. https://prod-12.westeurope.logic.azure.com:443"
            )
        self.target = target
        self.origin = f"{parts.scheme.lower()}://{parts.netloc}"
        self.prefix = "" if parts.query else parts.path.rstrip("/")
        # The target's sig is a secret that is never printed: the URL handed to clients carries
        # a throw-away local one instead, swapped for the real one on the way out (any other
        # sig goes out as sent, so the real Logic App still judges wrong ones).
        found = _SIG.search(parts.query)
        self._real_sig = found.group(1) if found else None
        self.local_sig = secrets.token_urlsafe(32) if found else None
        self.verify = verify
        self.timeout = timeout
        self._session = _DirectSession()
        self._session.headers.clear()  # send the client's headers, not requests' defaults

    def close(self) -> None:
        self._session.close()

    def local_url(self, base_url: str) -> str:
        """The target callback URL on ``base_url``, with the local sig in place of its own."""
        rest = self.target[len(self.origin) :]
        if self.local_sig is not None:
            rest = _SIG.sub(lambda m: m.group(0).replace(m.group(1), self.local_sig or ""), rest)
        return base_url + rest

    def _outgoing(self, target: str) -> str:
        if self.local_sig is None or self._real_sig is None:
            return target
        real = self._real_sig
        return _SIG.sub(
            lambda m: (
                m.group(0).replace(m.group(1), real) if m.group(1) == self.local_sig else m.group(0)
            ),
            target,
        )

    def forward(self, request: InboundRequest) -> tuple[Reply, Interaction]:
        """Send ``request`` to the target.

        :returns: the reply for the client and the exchange to record (not yet scrubbed).
        :raises ProxyError: when no reply came (connection refused, TLS, timeout).
        """
        url = self.origin + self.prefix + self._outgoing(request.target)
        sent = [
            (k, v)
            for k, v in request.headers.items_list()
            if k.lower() not in HOP_BY_HOP and k.lower() not in ("host", "content-length")
        ]
        started = time.monotonic()
        try:
            with self._session.request(
                request.method,
                url,
                headers=Headers(sent).to_dict(),
                data=request.body or None,
                stream=True,
                allow_redirects=False,
                timeout=(_CONNECT_TIMEOUT, self.timeout),
                verify=self.verify,
            ) as response:
                raw = b"".join(response.raw.stream(_CHUNK, decode_content=False))
                received = list(response.raw.headers.items())
                reason = response.reason or ""
                status = response.status_code
        except requests.RequestException as err:
            raise ProxyError(
                f"the recording proxy got no reply from {self.origin} for {request.method} "
                f"{self.prefix}{request.path}: {type(err).__name__}: {err}"
            ) from err
        duration = time.monotonic() - started
        kept = [(k, v) for k, v in received if k.lower() not in HOP_BY_HOP]
        client = Reply(
            status,
            Headers(
                (k, rebase(v, self.origin, request.base_url))
                for k, v in kept
                if k.lower() not in ("content-length", "date")
            ),
            raw,
        )
        stored_headers, stored_body = Headers(kept), raw
        encoding = stored_headers.get("Content-Encoding", "").strip().lower()
        if encoding:
            decoded = _decoded(raw, encoding)
            if decoded is not None:
                stored_body = decoded
                stored_headers = Headers(
                    (k, v)
                    for k, v in kept
                    if k.lower() not in ("content-encoding", "content-length")
                )
        recorded = Interaction(
            RecordedRequest(
                method=request.method,
                uri=url,
                headers=Headers(
                    (k, v)
                    for k, v in request.headers.items_list()
                    if k.lower() not in HOP_BY_HOP and k.lower() != "host"
                ),
                body=request.body,
            ),
            RecordedResponse(
                status=status,
                message=reason,
                headers=stored_headers,
                body=stored_body,
                duration=duration,
            ),
        )
        return client, recorded
