"""Where Logic Apps live: cloud base URLs for callback URLs, and which URLs are a Logic App's.

Consumption workflows answer on ``https://prod-NN.<region>.logic.azure.com:443``; Standard
ones on ``https://<app>.azurewebsites.net:443/api/<workflow>/...``. The in-process transports
use :func:`is_logic_apps_url` to decide which calls the engine answers without a socket.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from reqres_mock.config import Flavor, parse_choice
from reqres_mock.errors import ConfigurationError
from reqres_mock.protocol.routing import (
    parse_action_callback,
    parse_content,
    parse_operation,
    parse_route,
)

#: Host suffix of Consumption callback URLs (``prod-12.westeurope.logic.azure.com``).
CONSUMPTION_DOMAIN = "logic.azure.com"
#: Host suffix of Standard callback URLs (``<app>.azurewebsites.net``).
STANDARD_DOMAIN = "azurewebsites.net"
#: The Standard app name of a server's cloud-looking callback URLs.
DEFAULT_APP = "reqres-mock"
_DEFAULT_PORTS = {"http": 80, "https": 443}


@lru_cache(maxsize=64)  # pure, and asked for on every call
def cloud_base_url(
    flavor: Flavor | str = Flavor.CONSUMPTION,
    region: str = "westeurope",
    *,
    scale_unit: str = "prod-00",
    app: str = DEFAULT_APP,
) -> str:
    """The scheme and authority of a callback URL in Azure, as ``listCallbackUrl`` shows it.

    ``https://prod-00.westeurope.logic.azure.com:443`` (Consumption) or
    ``https://reqres-mock.azurewebsites.net:443`` (Standard).

    :raises ConfigurationError: for an unknown flavor or a region, scale unit or app name
        that cannot be a host name label.
    """
    chosen = parse_choice(Flavor, flavor, "flavor")
    if chosen is Flavor.STANDARD:
        labels = {"app": app}
    else:
        labels = {"region": region, "scale_unit": scale_unit}
    for setting, label in labels.items():
        if not label or not label.replace("-", "").isalnum() or label.startswith("-"):
            raise ConfigurationError(f"{setting} must be a host name label, got {label!r}")
    if chosen is Flavor.STANDARD:
        return f"https://{app.lower()}.{STANDARD_DOMAIN}:443"
    return f"https://{scale_unit.lower()}.{region.lower()}.{CONSUMPTION_DOMAIN}:443"


def check_base_url(base_url: str) -> str:
    """Validate a workflow's ``base_url``: ``http(s)://host[:port]``, nothing after it.

    :returns: the URL without a trailing slash.
    :raises ConfigurationError: for another scheme, no host, a path, query or fragment.
    """
    try:
        parts = urlsplit(base_url)
        _ = parts.port  # a malformed port raises only when read
    except (ValueError, TypeError, AttributeError) as err:
        raise ConfigurationError(f"base_url {base_url!r} is not a URL ({err})") from err
    if (
        parts.scheme not in _DEFAULT_PORTS
        or not parts.hostname
        or parts.path not in {"", "/"}
        or parts.query
        or parts.fragment
        or parts.username is not None
    ):
        raise ConfigurationError(
            f"base_url must be scheme and authority only, like "
            f"'https://prod-12.westeurope.logic.azure.com:443'; got {base_url!r}"
        )
    return base_url.rstrip("/")


def origin(url: str) -> tuple[str, str, int]:
    """``(scheme, host, port)`` of a URL, lower case, with the scheme's default port filled in.

    :raises ValueError: when the URL has a malformed port.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or _DEFAULT_PORTS.get(scheme, 0)


#: Where a Standard host signs its run links (lower case).
_STANDARD_LINKS = "/runtime/webhooks/workflow/scaleunits/"


def is_logic_apps_url(host: str, path: str) -> bool:
    """Whether a call to ``host`` and ``path`` (raw, without query) is a Logic App's.

    Every path on ``*.logic.azure.com`` is (an unknown one then gets Logic Apps' 404), but
    on ``*.azurewebsites.net`` only a Standard host's paths are (its triggers, and the run links
    it signs under ``/runtime/webhooks/workflow/scaleUnits/``), since other web apps and
    function apps share that domain.
    """
    name = host.lower().rstrip(".")
    if name == CONSUMPTION_DOMAIN or name.endswith("." + CONSUMPTION_DOMAIN):
        return True
    if name.endswith("." + STANDARD_DOMAIN):
        route = parse_route(path)
        if route is not None and route.flavor is Flavor.STANDARD:
            return True
        return path.lower().startswith(_STANDARD_LINKS) and (
            parse_operation(path) is not None
            or parse_content(path) is not None
            or parse_action_callback(path) is not None
        )
    return False
