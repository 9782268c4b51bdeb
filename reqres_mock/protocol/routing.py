"""Which trigger a request path addresses, and what its relativePath parameters are.

Three URL shapes exist: Consumption
``/workflows/<id>/triggers/<trigger>/paths/invoke[/<relativePath>]``, Consumption's classic
``/workflows/<id>/triggers/<trigger>/run`` (what ``Get-AzLogicAppTriggerCallbackUrl`` and the
``listCallbackUrl()`` examples show; no relative path), and Standard
``/api/<workflow>/triggers/<trigger>/invoke[/<relativePath>]``. Fixed segments match
case-insensitively, as Azure's front end does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

from reqres_mock.config import Flavor
from reqres_mock.errors import DefinitionError
from reqres_mock.protocol.jsontext import is_letter_or_digit

_CONSUMPTION = re.compile(
    r"^/workflows/(?P<key>[^/]+)/triggers/(?P<trigger>[^/]+)/paths/invoke(?P<rest>/.*)?$",
    re.IGNORECASE,
)
_CLASSIC = re.compile(
    r"^/workflows/(?P<key>[^/]+)/triggers/(?P<trigger>[^/]+)/run/?$",
    re.IGNORECASE,
)
_STANDARD = re.compile(
    r"^/api/(?P<key>[^/]+)/triggers/(?P<trigger>[^/]+)/invoke(?P<rest>/.*)?$",
    re.IGNORECASE,
)
_PARAMETER = re.compile(r"\{([^{}/]*)\}")
#: Where a Standard host puts the run-scoped links it signs (content links, polling URLs):
#: ``https://<site>:443/runtime/webhooks/workflow/scaleUnits/prod-00/workflows/<id>/runs/<run>/
#: actions/<name>/contents/ActionInputs?api-version=2018-11-01&...`` (Azure/LogicAppsUX
#: monitoring tests; azure-rest-api-specs Microsoft.Web WorkflowRunActionRepetitions_Get.json).
STANDARD_LINK_PREFIX = "/runtime/webhooks/workflow/scaleUnits/prod-00"
#: The ``api-version`` of those links (the same sources).
STANDARD_LINK_VERSION = "2018-11-01"


def invalid_characters(name: str, punctuation: str) -> str:
    """The characters of ``name`` that are neither a letter, a digit (``char.IsLetterOrDigit``:
    a character beyond U+FFFF is two UTF-16 units, neither a letter) nor in ``punctuation``,
    every one in order. The runtime's sentences quote one such character; how it lists several
    (each occurrence, or each character once) no public capture shows."""
    return "".join(
        char
        for char in name
        if char not in punctuation and not (ord(char) < 0x10000 and is_letter_or_digit(char))
    )


def run_links_path(flavor: Flavor, workflow_id: str) -> str:
    """The path under which a workflow's run links live: ``/workflows/<id>``, below the
    Standard host's :data:`STANDARD_LINK_PREFIX` for a Standard workflow."""
    prefix = STANDARD_LINK_PREFIX if flavor is Flavor.STANDARD else ""
    return f"{prefix}/workflows/{workflow_id}"


#: The optional Standard prefix in a link's path pattern.
LINK_PREFIX = r"(?:/runtime/webhooks/workflow/scaleUnits/[^/]+)?"
_OPERATION = re.compile(
    rf"^{LINK_PREFIX}/workflows/(?P<key>[0-9a-fA-F]{{32}})/runs/(?P<run>[^/]+)/operations/"
    r"(?P<operation>[^/]+)$",
    re.IGNORECASE,
)


_CONTENT = re.compile(
    rf"^{LINK_PREFIX}/workflows/(?P<key>[0-9a-fA-F]{{32}})/runs/(?P<run>[^/]+)/contents/"
    r"(?P<kind>TriggerInputs|TriggerOutputs)$",
    re.IGNORECASE,
)
#: The contents of a run that an asynchronous 202's ``inputsLink``/``outputsLink`` point at.
CONTENT_KINDS = ("TriggerInputs", "TriggerOutputs")


@dataclass(frozen=True)
class ContentRoute:
    """A link to a run's trigger inputs or outputs: workflow id, run id and which."""

    workflow_id: str
    run_id: str
    kind: str


def parse_content(path: str) -> ContentRoute | None:
    """Recognise a run's ``contents/TriggerInputs|TriggerOutputs`` link, or return ``None``."""
    match = _CONTENT.match(path)
    if match is None:
        return None
    kind = next(k for k in CONTENT_KINDS if k.lower() == match["kind"].lower())
    return ContentRoute(match["key"].lower(), unquote(match["run"]), kind)


@dataclass(frozen=True)
class OperationRoute:
    """A polling URL of an asynchronous run: workflow id, run id and operation id."""

    workflow_id: str
    run_id: str
    operation_id: str


def parse_operation(path: str) -> OperationRoute | None:
    """Recognise an asynchronous run's polling path, or return ``None``."""
    match = _OPERATION.match(path)
    if match is None:
        return None
    return OperationRoute(match["key"].lower(), unquote(match["run"]), unquote(match["operation"]))


_ACTION_CALLBACK = re.compile(
    rf"^{LINK_PREFIX}/workflows/(?P<key>[0-9a-fA-F]{{32}})/runs/(?P<run>[^/]+)/actions/"
    r"(?P<action>[^/]+)(?:/repetitions/(?P<repetition>[0-9-]+))?/run$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ActionCallbackRoute:
    """The URL a webhook action waits to be called on: workflow id, run id, action name, and
    the loop iteration's repetition name (``None`` outside loops)."""

    workflow_id: str
    run_id: str
    action: str
    repetition: str | None = None


def parse_action_callback(path: str) -> ActionCallbackRoute | None:
    """Recognise a webhook action's callback path (``…/runs/<run>/actions/<action>/run``)."""
    match = _ACTION_CALLBACK.match(path)
    if match is None:
        return None
    return ActionCallbackRoute(
        match["key"].lower(), unquote(match["run"]), unquote(match["action"]), match["repetition"]
    )


@dataclass(frozen=True)
class Route:
    """A path that has the shape of a trigger endpoint.

    :param flavor: which URL shape matched.
    :param key: the workflow id (Consumption) or name (Standard), URL-decoded.
    :param trigger: the trigger name, URL-decoded.
    :param rest: the raw (still encoded) path after ``invoke``, without leading slash.
    :param classic: the call came on Consumption's ``/triggers/<trigger>/run`` route.
    """

    flavor: Flavor
    key: str
    trigger: str
    rest: str
    classic: bool = False

    @property
    def rest_forms(self) -> tuple[str, ...]:
        """The relative path as the trigger's template is tried against it: as sent, then on
        Standard with encoded slashes (``%2F``) as separators, since Standard's designer
        writes the relative path of a callback URL as one encoded segment."""
        if self.flavor is not Flavor.STANDARD:
            return (self.rest,)
        split = re.sub("%2f", "/", self.rest, flags=re.IGNORECASE)
        return (self.rest,) if split == self.rest else (self.rest, split)

    @property
    def decoded_rest(self) -> str:
        """The relative path URL-decoded once, for messages."""
        return unquote(self.rest)

    @property
    def scope(self) -> str:
        """The scope ``AuthorizationFailed`` names: the path invoked below the workflow
        (``/triggers/<t>/paths/<relative path>`` on Consumption, ``/triggers/<t>/invoke/...``
        on Standard, ``/triggers/<t>/run`` on the classic route)."""
        if self.classic:
            return f"/triggers/{self.trigger}/run"
        below = "paths" if self.flavor is Flavor.CONSUMPTION else "invoke"
        return f"/triggers/{self.trigger}/{below}/{self.decoded_rest}"


def parse_route(path: str) -> Route | None:
    """Recognise a trigger endpoint path, or return ``None``."""
    patterns = (
        (Flavor.CONSUMPTION, _CONSUMPTION, False),
        (Flavor.CONSUMPTION, _CLASSIC, True),
        (Flavor.STANDARD, _STANDARD, False),
    )
    for flavor, pattern, classic in patterns:
        match = pattern.match(path)
        if match:
            rest = "" if classic else (match["rest"] or "").strip("/")
            key, trigger = unquote(match["key"]), unquote(match["trigger"])
            return Route(flavor, key, trigger, rest, classic)
    return None


class RelativePath:
    """A trigger's ``relativePath`` template such as ``/orders/{id}/items/{item}``.

    A placeholder's name is letters, digits and ``_`` only; the runtime refuses the workflow
    otherwise: "The placeholder 'purchase-order' has these invalid characters '-'. The
    placeholder can only be a letter, digit, or '_'." (quoted from the Standard unit-test
    host's ``UnitTestWorkflowTemplateValidationError`` in Azure/logicapps-migration-agent's
    reference notes).

    :raises DefinitionError: for an empty parameter name, a duplicate name, a name with other
        characters, or stray braces.
    """

    def __init__(self, template: str) -> None:
        self.template = template
        self.segments = [s for s in template.strip("/").split("/") if s]
        self.parameters: list[str] = []
        patterns = []
        for segment in self.segments:
            pieces = _PARAMETER.split(segment)
            regex = []
            for index, piece in enumerate(pieces):
                if index % 2:
                    if not piece or piece in self.parameters:
                        what = "an empty" if not piece else f"a duplicate ({piece!r})"
                        raise DefinitionError(
                            f"relativePath {template!r} has {what} parameter name"
                        )
                    invalid = invalid_characters(piece, "_")
                    if invalid:
                        raise DefinitionError(
                            f"relativePath '{template}': the placeholder '{piece}' has these "
                            f"invalid characters '{invalid}'. The placeholder can only be a "
                            "letter, digit, or '_'."
                        )
                    self.parameters.append(piece)
                    regex.append(r"([^/]+)")
                else:
                    if "{" in piece or "}" in piece:
                        raise DefinitionError(f"relativePath {template!r} has unbalanced braces")
                    regex.append(re.escape(piece))
            patterns.append(re.compile("".join(regex), re.IGNORECASE))
        self._patterns = patterns

    def match(self, rest: str) -> dict[str, str] | None:
        """The URL-decoded parameters when ``rest`` fits the template, else ``None``."""
        parts = [p for p in rest.split("/") if p] if rest else []
        if len(parts) != len(self._patterns):
            return None
        values: list[str] = []
        for part, pattern in zip(parts, self._patterns, strict=False):
            found = pattern.fullmatch(part)
            if found is None:
                return None
            values.extend(found.groups())
        return {name: unquote(value) for name, value in zip(self.parameters, values, strict=False)}

    def explain(self, rest: str) -> str:
        """Why ``rest`` does not fit, in a few words."""
        parts = [p for p in rest.split("/") if p] if rest else []
        if len(parts) != len(self._patterns):
            return (
                f"path has {len(parts)} segment{'s' * (len(parts) != 1)}, "
                f"needs {len(self._patterns)}"
            )
        for part, segment, pattern in zip(parts, self.segments, self._patterns, strict=False):
            if pattern.fullmatch(part) is None:
                return f"segment {part!r} does not fit {segment!r}"
        return "it fits"

    def render(self, values: dict[str, object]) -> str:
        """The relative path with each ``{name}`` replaced by its URL-encoded value.

        :raises DefinitionError: when a parameter is missing or an unknown one is given.
        """
        missing = [p for p in self.parameters if p not in values]
        unknown = [k for k in values if k not in self.parameters]
        if missing or unknown:
            raise DefinitionError(
                f"relativePath {self.template!r} takes parameters {self.parameters}; "
                f"missing {missing}, unknown {unknown}"
            )

        def fill(match: re.Match[str]) -> str:
            return quote(str(values[match[1]]), safe="")

        return "/".join(_PARAMETER.sub(fill, s) for s in self.segments)
