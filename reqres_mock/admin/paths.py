"""Which request paths the admin layer answers, told apart without loading it.

The socket server asks this of every call; the admin API itself (JSON API, ARM, OpenAPI, the
run page) is imported on the first admin call, so a test that only calls its workflows never
pays for it.
"""

from __future__ import annotations

import re

from reqres_mock.protocol.routing import LINK_PREFIX

#: The mock's own admin API.
PREFIX = "/_reqres"
#: The Standard host's own management path (no token, as the local runtime answers).
HOST_MANAGEMENT = "/runtime/webhooks/workflow/api/management/workflows"
#: ARM's Logic Apps resource paths and the Standard host's management path: the resource,
#: then the rest.
ARM_PATH = re.compile(
    r"^(?P<resource>/subscriptions/[^/]+(?:/resourceGroups/[^/]+/providers/"
    r"(?:Microsoft\.Logic/workflows|Microsoft\.Web/sites/[^/]+/hostruntime/runtime/webhooks/"
    r"workflow/api/management/workflows)|/providers/Microsoft\.Logic/workflows)"
    r"|/runtime/webhooks/workflow/api/management/workflows)"
    r"(?P<rest>(?:/.*)?)$",
    re.IGNORECASE,
)
#: A content link of a run, an action or a trigger history.
CONTENT_PATH = re.compile(
    rf"^{LINK_PREFIX}/workflows/(?P<wf>[0-9a-fA-F]{{32}})/runs/(?P<run>[^/]+)"
    r"(?:/actions/(?P<action>[^/]+))?"
    r"/contents/(?P<kind>TriggerInputs|TriggerOutputs|ActionInputs|ActionOutputs)/?$"
)


def is_arm_path(path: str) -> bool:
    """Whether ``path`` (raw) is one of ARM's Logic Apps resource paths, or the Standard
    host's own management path."""
    # in any case, as ARM and ASP.NET Core's routing (the Functions host's) match paths
    if not path[: len(HOST_MANAGEMENT)].lower().startswith(("/subscriptions/", HOST_MANAGEMENT)):
        return False
    return ARM_PATH.match(path) is not None


def is_content_path(path: str) -> bool:
    """Whether ``path`` is a content link of a run, an action or a trigger history."""
    starts = path.startswith(("/workflows/", "/runtime/webhooks/workflow/scaleUnits/"))
    return starts and CONTENT_PATH.match(path) is not None


def is_admin_path(path: str) -> bool:
    """Whether ``path`` (raw, percent-encoded) belongs to the admin layer, not to a trigger."""
    if path == PREFIX or path.startswith(PREFIX + "/"):
        return True
    return is_arm_path(path) or is_content_path(path)
