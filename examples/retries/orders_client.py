"""A small client of a Logic App, with the retry policy Azure's guidance asks for.

It retries throttling (429, honouring ``Retry-After``), gateway errors (500, 502, 503, 504)
and dropped connections, with exponential backoff, through urllib3's ``Retry`` mounted on a
``requests.Session``. The tests beside it hold it against reqres-mock's faults.
"""

from __future__ import annotations

from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

#: What a Logic App's callers should retry: throttling and the front end's 5xx.
RETRY_STATUSES = (429, 500, 502, 503, 504)


def make_session(attempts: int = 4, backoff: float = 0.5) -> requests.Session:
    """A session that tries each call up to ``attempts`` times.

    POST is retried too: a Logic App trigger call is only safe to repeat when the workflow is
    idempotent (or the caller sends a ``x-ms-client-tracking-id`` it can deduplicate on).
    """
    retry = Retry(
        total=attempts - 1,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=None,  # every method, POST included
        backoff_factor=backoff,
        respect_retry_after_header=True,  # 429 and 503 say how long to wait
        raise_on_status=False,  # after the last attempt, hand back the last reply
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def submit_order(session: requests.Session, url: str, order: dict[str, Any]) -> Any:
    """POST ``order`` to the Logic App at ``url``; its JSON reply.

    :raises requests.HTTPError: when the last attempt still failed.
    :raises requests.ConnectionError: when every attempt lost its connection.
    """
    reply = session.post(url, json=order, timeout=10)
    reply.raise_for_status()
    return reply.json()
