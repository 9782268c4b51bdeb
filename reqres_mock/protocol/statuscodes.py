"""HTTP status codes by the names .NET gives them (``System.Net.HttpStatusCode``).

The runtime records an HTTP-based action's ``code`` as its reply's status written this way
(``OK``, ``Created``, ``NotFound``; Microsoft Learn's ``result()`` example for a 404, "Handle
errors and exceptions in Azure Logic Apps"), and .NET writes an enum value it has no name for as
its number. Which names there are depends on the host's .NET:

- Standard (single-tenant, modern .NET): the names dotnet/runtime
  ``src/libraries/System.Net.Primitives/src/System/Net/HttpStatusCode.cs`` declares; where two
  share a value (``Found`` and ``Redirect``), the first declared (.NET 8's ``Enum.ToString``:
  dotnet/runtime#86857, 302 written ``Found``).
- Consumption (multi-tenant, .NET Framework 4.x): the fewer names of .NET Framework's enum
  (microsoft/referencesource ``System/net/System/Net/HttpStatusCode.cs``), so 422, 429, 308 and
  the other later statuses are written as their number (a public Power Automate emulator's
  author measured "429" against the cloud: tomdam/flowforger
  ``packages/engine/src/action-status.ts``, by ``conformance/flows/http.ff.ts``). Of two names
  for one value, ``Enum.ToString`` gives the one its binary search over the declared values
  meets first (referencesource ``mscorlib/system/rttype.cs`` ``GetEnumName``:
  ``Array.BinarySearch`` over the values in declaration order, which the runtime leaves unsorted
  when already ascending): ``Redirect`` for 302, as .NET 7's same search did
  (dotnet/runtime#86857), but ``MultipleChoices``, ``MovedPermanently``, ``SeeOther`` and
  ``TemporaryRedirect`` for 300, 301, 303 and 307.
"""

from __future__ import annotations

from reqres_mock.config import Flavor

__all__ = ["status_code_name"]

_NAMES = {
    100: "Continue",
    101: "SwitchingProtocols",
    102: "Processing",
    103: "EarlyHints",
    200: "OK",
    201: "Created",
    202: "Accepted",
    203: "NonAuthoritativeInformation",
    204: "NoContent",
    205: "ResetContent",
    206: "PartialContent",
    207: "MultiStatus",
    208: "AlreadyReported",
    226: "IMUsed",
    300: "MultipleChoices",
    301: "MovedPermanently",
    302: "Found",
    303: "SeeOther",
    304: "NotModified",
    305: "UseProxy",
    306: "Unused",
    307: "TemporaryRedirect",
    308: "PermanentRedirect",
    400: "BadRequest",
    401: "Unauthorized",
    402: "PaymentRequired",
    403: "Forbidden",
    404: "NotFound",
    405: "MethodNotAllowed",
    406: "NotAcceptable",
    407: "ProxyAuthenticationRequired",
    408: "RequestTimeout",
    409: "Conflict",
    410: "Gone",
    411: "LengthRequired",
    412: "PreconditionFailed",
    413: "RequestEntityTooLarge",
    414: "RequestUriTooLong",
    415: "UnsupportedMediaType",
    416: "RequestedRangeNotSatisfiable",
    417: "ExpectationFailed",
    421: "MisdirectedRequest",
    422: "UnprocessableEntity",
    423: "Locked",
    424: "FailedDependency",
    426: "UpgradeRequired",
    428: "PreconditionRequired",
    429: "TooManyRequests",
    431: "RequestHeaderFieldsTooLarge",
    451: "UnavailableForLegalReasons",
    500: "InternalServerError",
    501: "NotImplemented",
    502: "BadGateway",
    503: "ServiceUnavailable",
    504: "GatewayTimeout",
    505: "HttpVersionNotSupported",
    506: "VariantAlsoNegotiates",
    507: "InsufficientStorage",
    508: "LoopDetected",
    510: "NotExtended",
    511: "NetworkAuthenticationRequired",
}
#: .NET Framework 4.8's members (referencesource), one name per value as ``ToString`` picks it.
_FRAMEWORK_NAMES = {
    **{status: _NAMES[status] for status in (100, 101, *range(200, 207), 300, 301)},
    302: "Redirect",
    **{status: _NAMES[status] for status in (303, 304, 305, 306, 307)},
    **{status: _NAMES[status] for status in (*range(400, 418), 426, *range(500, 506))},
}


def status_code_name(status: int, flavor: Flavor) -> str:
    """``status`` as ``HttpStatusCode.ToString()`` writes it on ``flavor``'s .NET: its name,
    else its number."""
    names = _FRAMEWORK_NAMES if flavor is Flavor.CONSUMPTION else _NAMES
    return names.get(status, str(status))
