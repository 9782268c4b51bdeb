"""LogicAppUnit's sample project (``tests/data/logicappunit``), loaded into a MockServer.

LogicAppUnit runs these workflows in the real Standard runtime and asserts on its answers; the
``test_logicappunit_*`` files assert the same of reqres-mock, each test naming the C# test
(``src/LogicAppUnit.Samples.LogicApps.Tests/<Folder>/<Class>.cs``) it follows.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reqres_mock import MockServer, Workflow

DATA = Path(__file__).parent / "data" / "logicappunit"
PROJECT = DATA / "project"
MOCKDATA = DATA / "mockdata"


def load_sample(
    server: MockServer,
    workflow: str,
    *,
    app_settings: dict[str, str] | None = None,
    replace_triggers: bool = False,
) -> Workflow:
    """One workflow folder of the sample project (with the project's files), as LogicAppUnit's
    ``Initialize(base path, workflow)`` and ``CreateTestRunner(settingsToOverride)`` load it."""
    (wf,) = server.load(
        PROJECT / workflow, app_settings=app_settings, replace_triggers=replace_triggers
    )
    return wf


def mockdata(folder: str, name: str) -> str:
    """A file of the C# test's ``MockData`` folder, as text."""
    return (MOCKDATA / folder / name).read_text(encoding="utf-8-sig")


def mockdata_json(folder: str, name: str) -> Any:
    return json.loads(mockdata(folder, name))


def format_json(text: str) -> str:
    """LogicAppUnit's ``ContentHelper.FormatJson``: parsed (member order kept, a BOM ignored)
    and written indented, so two documents compare by content and order, not layout."""
    return json.dumps(json.loads(text.lstrip("\ufeff")), indent=2, ensure_ascii=False)
