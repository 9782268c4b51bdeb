"""Callback URLs and their shared access signature (``sp``, ``sv``, ``sig``).

A callback URL is signed with HMAC-SHA256 over the workflow id, the permissions (``sp``) and
the version (``sv``), keyed with the workflow's access key, and written base64url without
padding (43 characters), as Logic Apps does. Checking compares in constant time.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

from reqres_mock.config import Flavor
from reqres_mock.protocol import replies

if TYPE_CHECKING:
    from reqres_mock.protocol.replies import Failure

SAS_VERSION = "1.0"
SAS_PARAMETERS = ("sp", "sv", "sig")
#: Query parameters that carry the signature or the API version, never trigger outputs.
RESERVED_QUERY = frozenset({"api-version", *SAS_PARAMETERS})

API_VERSIONS: dict[Flavor, tuple[str, ...]] = {
    Flavor.CONSUMPTION: ("2016-10-01", "2016-06-01", "2018-07-01-preview", "2019-05-01"),
    Flavor.STANDARD: ("2022-05-01", "2020-05-01-preview", "2018-11-01", "2016-10-01"),
}
#: The version a freshly generated callback URL carries.
DEFAULT_API_VERSION = {Flavor.CONSUMPTION: "2016-10-01", Flavor.STANDARD: "2022-05-01"}


def workflow_id(name: str) -> str:
    """The 32-hex workflow id, stable for a given workflow name."""
    return hashlib.sha256(f"reqres-mock/workflow/{name}".encode()).hexdigest()[:32]


def permissions(trigger: str) -> str:
    """The ``sp`` value that allows running ``trigger``."""
    return f"/triggers/{trigger}/run"


@functools.lru_cache(maxsize=256)  # every call checks its signature; HMAC is pure
def sign(access_key: str, wf_id: str, sp: str, sv: str = SAS_VERSION) -> str:
    """The ``sig`` for a workflow, permissions and version."""
    digest = hmac.new(access_key.encode(), f"{wf_id}\n{sp}\n{sv}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


@dataclass(frozen=True)
class CallbackUrl:
    """The parts of a trigger's callback URL, as ARM's ``listCallbackUrl`` reports them."""

    base_path: str
    queries: dict[str, str]

    def render(self, relative_path: str = "") -> str:
        path = self.base_path
        if relative_path:
            path = f"{path}/{relative_path.lstrip('/')}"
        return f"{path}?{urlencode(self.queries, quote_via=quote, safe='')}"


def callback_url(
    *,
    base_url: str,
    flavor: Flavor,
    wf_id: str,
    wf_name: str,
    trigger: str,
    access_key: str,
) -> CallbackUrl:
    """Build the callback URL of a trigger, without its relative path."""
    sp = permissions(trigger)
    if flavor is Flavor.CONSUMPTION:
        path = f"/workflows/{wf_id}/triggers/{quote(trigger, safe='')}/paths/invoke"
    else:
        path = f"/api/{quote(wf_name, safe='')}/triggers/{quote(trigger, safe='')}/invoke"
    queries = {
        "api-version": DEFAULT_API_VERSION[flavor],
        "sp": sp,
        "sv": SAS_VERSION,
        "sig": sign(access_key, wf_id, sp),
    }
    return CallbackUrl(base_path=base_url.rstrip("/") + path, queries=queries)


def check_api_version(query: dict[str, str], flavor: Flavor) -> Failure | None:
    """The api-version check that precedes every other one."""
    version = query.get("api-version")
    if version is None or version == "":
        return replies.missing_api_version()
    supported = API_VERSIONS[flavor]
    if version not in supported:
        return replies.invalid_api_version(version, supported)
    return None


def authorization_scheme(value: str) -> str:
    """The scheme of an ``Authorization`` header value (``Bearer``, ``Basic``...)."""
    words = value.split(None, 1)
    return words[0] if words else value


def check_sas(
    query: dict[str, str],
    *,
    authorization: str | None,
    flavor: Flavor,
    wf_id: str,
    trigger: str,
    access_key: str,
    required: str | None = None,
    scope: str | None = None,
) -> Failure | None:
    """Check the shared access signature in the order Logic Apps does.

    Without ``sig`` there is no SAS scheme: 401 ``DirectApiAuthorizationRequired``. With an
    ``Authorization`` header too: ``DirectApiRequestHasMoreThanOneAuthorization`` naming its
    scheme (401 on Consumption, 400 on Standard). Then ``sp`` and ``sv`` must be there, ``sp``
    must cover the call (checked before the signature, so a ``sig`` made for another ``sp``
    still gets ``AuthorizationFailed``), and last the signature must be right.

    :param authorization: the ``Authorization`` header of the call, if any.
    :param trigger: the trigger (or resource) the call addresses.
    :param required: the ``sp`` the call needs; running ``trigger`` when ``None``.
    :param scope: the scope ``AuthorizationFailed`` names: the path invoked below the
        workflow; ``/triggers/<trigger>`` when ``None``.
    :returns: the rejection to send, or ``None`` when the call is authorised.
    """
    if not query.get("sig"):
        return replies.authorization_required()
    if authorization is not None:
        return replies.more_than_one_authorization(
            authorization_scheme(authorization), standard=flavor is Flavor.STANDARD
        )
    if not query.get("sp") or not query.get("sv"):
        return replies.sas_parameters_missing()
    if query["sp"].lower() != (required or permissions(trigger)).lower():
        return replies.sas_scope_denied(
            scope or f"/triggers/{trigger}", standard=flavor is Flavor.STANDARD
        )
    expected_sig = sign(access_key, wf_id, query["sp"], query["sv"])
    if not hmac.compare_digest(expected_sig.encode(), query["sig"].encode()):
        return replies.invalid_signature()
    return None
