"""What the Liquid tests share: the Liquid action a map is rendered for."""

from __future__ import annotations

from reqres_mock.definitions.actions import Action

#: The action ``render`` names in its errors.
LIQUID_ACTION = Action(
    name="Transform",
    type="liquid",
    type_name="Liquid",
    pointer="/actions/Transform",
    run_after={},
    inputs={},
    spec={},
)
