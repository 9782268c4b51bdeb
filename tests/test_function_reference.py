"""Every function of Microsoft's reference is implemented or named in the README as not
supported, and the README's function table is the registry's."""

from __future__ import annotations

import re
from pathlib import Path

from reqres_mock.definitions.runner import WORKFLOW_FUNCTIONS
from reqres_mock.language.catalog import markdown
from reqres_mock.language.expressions import LAZY_FUNCTIONS
from reqres_mock.language.functions import FUNCTIONS

README = Path(__file__).resolve().parent.parent / "README.md"

#: The alphabetical list of
#: https://learn.microsoft.com/azure/logic-apps/workflow-definition-language-functions-reference
#: (its category tables also in MicrosoftDocs/azure-docs,
#: articles/logic-apps/workflow-definition-language-functions-reference.md).
REFERENCE = """
action actions actionBody actionOutputs add addDays addHours addMinutes addProperty addSeconds
addToTime and array base64 base64ToBinary base64ToString binary body bool chunk coalesce concat
contains convertFromUtc convertTimeZone convertToUtc createArray dataUri dataUriToBinary
dataUriToString dateDifference dayOfMonth dayOfWeek dayOfYear decimal decodeBase64 decodeDataUri
decodeUriComponent div encodeUriComponent empty endsWith equals first float formatDateTime
formatNumber formDataMultiValues formDataValue getFutureTime getPastTime greater greaterOrEquals
guid if indexOf int intersection isFloat isInt item items iterationIndexes join json last
lastIndexOf length less lessOrEquals listCallbackUrl max min mod mul multipartBody not
nthIndexOf or outputs parameters parseDateTime rand range removeProperty replace result reverse
setProperty skip slice sort split startOfDay startOfHour startOfMonth startsWith string sub
substring subtractFromTime take ticks toLower toUpper trigger triggerBody
triggerFormDataMultiValues triggerFormDataValue triggerMultipartBody triggerOutputs trim union
uriComponent uriComponentToBinary uriComponentToString uriHost uriPath uriPathAndQuery uriPort
uriQuery uriScheme utcNow variables workflow xml xpath
""".split()  # noqa: SIM905  (kept as the text the reference shows)


def _between(text: str, name: str) -> str:
    match = re.search(rf"<!-- {name}:start -->\n(.*?)<!-- {name}:end -->", text, re.DOTALL)
    assert match is not None, f"README has no {name} markers"
    return match.group(1)


def known() -> set[str]:
    return set(FUNCTIONS) | set(LAZY_FUNCTIONS) | set(WORKFLOW_FUNCTIONS)


def test_every_reference_function_is_implemented_or_declared_unsupported():
    unsupported = set(re.findall(r"`(\w+)`", _between(README.read_text("utf-8"), "unsupported")))
    missing = [name for name in REFERENCE if name.lower() not in known()]
    assert sorted(missing) == sorted(unsupported), (
        "implement these or name them in the README's unsupported list: "
        f"{sorted(set(missing) - unsupported)}; implemented but still listed as unsupported: "
        f"{sorted(unsupported - set(missing))}"
    )


def test_the_readme_function_table_is_generated_from_the_registry():
    assert _between(README.read_text("utf-8"), "functions") == markdown(), (
        "regenerate the README table: python -m reqres_mock.language.catalog"
    )


def test_the_readme_lists_every_workflow_function():
    text = README.read_text("utf-8")
    paragraph = text[text.index("Workflow functions (they read the run)") :]
    listed = {n.lower() for n in re.findall(r"`(\w+)`", paragraph.split("\n\n")[0])}
    assert listed == set(WORKFLOW_FUNCTIONS)


def test_no_registered_function_is_outside_the_reference_without_reason():
    # appsetting() exists on Standard only; it is not in the reference's alphabetical list
    extra = known() - {n.lower() for n in REFERENCE}
    assert extra == {"appsetting"}
