"""What an action handler may use of the run it is part of: the context object the runner
hands to each handler (so handlers never import the runner, nor it them in a cycle)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from collections.abc import Callable, MutableMapping

    from reqres_mock.definitions.actions import Action, ActionResult, Graph, RunEnvironment


class ActionContext(Protocol):
    """One run of a compiled definition, as its actions see it.

    :ivar env: what the engine gives the run (trigger, stubs, the Response slot...).
    :ivar variables: the run's variables by name; ``variable_types`` their declared types.
    Each strand of a run (a parallel branch, a Foreach iteration) sees its own ``items`` and
    ``results`` (:mod:`.strands`).
    """

    env: RunEnvironment
    variables: dict[str, Any]
    variable_types: dict[str, str]

    @property
    def results(self) -> MutableMapping[str, ActionResult]:
        """The results of the actions that ran so far, by name."""

    @property
    def items(self) -> list[Any]:
        """The current items of Query / Select / Table, innermost last."""

    def evaluate(self, compiled: Any) -> Any:
        """A compiled expression or value, evaluated in this run."""

    def action_inputs(self, action: Action, *, callback_url: str | None = None) -> Any:
        """The action's evaluated inputs; a connector action's (``ApiConnection``,
        ``ServiceProvider``) carry its resolved connections.json entry. The action's Running
        record in the live history shows them from then on."""

    def waiting(self, action: Action) -> None:
        """The webhook action ``action`` subscribed and now waits for its callback: the live
        history shows it ``Waiting`` until it ends."""

    def run_graph(self, graph: Graph, scope: str | None) -> str:
        """Run nested actions (a scope, a branch, a loop body); their combined status."""

    def skip(
        self,
        graph: Graph,
        first: Callable[[Action], dict[str, str]],
        *,
        scope: str | None = None,
    ) -> None:
        """Record what ``graph`` holds Skipped, with the runtime's reasons (``first`` gives
        the reason of an action that runs after no sibling); ``scope``'s ``result()`` lists
        them."""

    def skip_held(
        self, container: Action, status: str = "Skipped", code: str = "ActionSkipped"
    ) -> None:
        """Record what ``container`` holds Skipped, because ``container`` ended with ``status``
        and ``code`` without running it; ``result()`` of ``container`` lists them."""

    def list_in(self, scope: str, graph: Graph) -> None:
        """``scope``'s ``result()`` lists ``graph``'s actions (after those it lists already)."""

    def condition(self, compiled: Any, what: str, action: str) -> bool:
        """A compiled condition, which must be a boolean (``what`` names it in errors)."""

    def condition_object(self, value: dict[str, Any]) -> Any:
        """A designer-style condition object (``{"and": [{"equals": [...]}]}``) evaluated."""

    def finish(
        self,
        action: Action,
        status: str,
        *,
        inputs: Any = None,
        outputs: Any = None,
        error: dict[str, str] | None = None,
        start: str | None = None,
        code: str | None = None,
    ) -> ActionResult:
        """Record ``action``'s result in the run history (``code``: one the run gives it,
        instead of the one its status implies)."""

    def run_iterations(self, action: Action, items: list[Any]) -> list[str]:
        """Run a Foreach's iterations (several at once unless it is sequential); their
        statuses, in order."""

    def iteration_indexes(self) -> tuple[int, ...]:
        """The indexes of the enclosing loops' iterations, outermost first."""

    def iterate(self, action: Action, index: int, item: Any) -> str:
        """Run one iteration of a loop (``item`` is ``None`` for an Until); its status."""
