"""``reqres-mock serve --fault SPEC``: faults on demand from the command line.

``SPEC`` is ``[WORKFLOW/]FAULT[+FAULT...][@OPTION,...]``:

- ``FAULT`` is ``KIND`` or ``KIND:NAME=VALUE,...`` (``throttled:retry_after=2``,
  ``server_error:status=503``, ``slow:first_byte=1.5,bytes_per_second=100``, ``delay:seconds=2``,
  ``reset``, ``empty``, ``partial``, ``timeout``); several joined by ``+`` are a sequence;
- ``OPTION`` is ``times=N``, ``rate=P`` or ``seed=S``, as ``inject()`` takes them;
- ``WORKFLOW/`` scopes it to one workflow (after loading); without it, every workflow.

For example ``--fault 'reset@rate=0.1,seed=7'`` resets 10 % of calls, the same ones on every
run; ``--fault 'orders/throttled:retry_after=2@times=2'`` throttles the next two calls to
``orders``. The option repeats.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reqres_mock.engine.faultplan import FaultPlan
from reqres_mock.engine.faults import Fault, whole
from reqres_mock.errors import ConfigurationError

if TYPE_CHECKING:
    from reqres_mock.mockserver import MockServer

_OPTIONS = ("times", "rate", "seed")


@dataclass(frozen=True)
class FaultOption:
    """One ``--fault``: the faults, where they go, and how often."""

    workflow: str | None
    faults: tuple[Fault, ...]
    times: int | None = None
    rate: float | None = None
    seed: int | None = None

    def apply(self, server: MockServer) -> None:
        """Inject into the named workflow, or the whole server.

        :raises ConfigurationError: when the workflow is not loaded.
        """
        target: Any = server
        if self.workflow is not None:
            try:
                target = server.workflow(self.workflow)
            except KeyError as err:
                names = ", ".join(w.name for w in server.workflows) or "none"
                raise ConfigurationError(
                    f"--fault names workflow {self.workflow!r}, which is not loaded "
                    f"(loaded: {names})"
                ) from err
        target.inject(*self.faults, times=self.times, rate=self.rate, seed=self.seed)


def parse(text: str) -> FaultOption:
    """Parse a ``--fault`` SPEC (see the module documentation).

    :raises ConfigurationError: saying which part is wrong and what is expected.
    """
    body, _, options_text = text.strip().partition("@")
    workflow, slash, faults_text = body.rpartition("/")
    faults = tuple(Fault.parse(part) for part in faults_text.split("+"))
    options: dict[str, Any] = {}
    for item in filter(None, (p.strip() for p in options_text.split(","))):
        name, eq, value = item.partition("=")
        if not eq or name.strip() not in _OPTIONS:
            raise ConfigurationError(
                f"--fault option {item!r} in {text!r}: use {', '.join(o + '=' for o in _OPTIONS)}"
            )
        try:
            options[name.strip()] = whole(float(value))
        except ValueError:
            raise ConfigurationError(
                f"--fault option {item!r} in {text!r} is not a number"
            ) from None
    FaultPlan().inject(faults, **options)  # inject()'s checks now: a bad spec stops serve early
    return FaultOption(workflow.strip() if slash else None, faults, **options)


def argument(text: str) -> FaultOption:
    """``argparse`` type for ``--fault``."""
    try:
        return parse(text)
    except ConfigurationError as err:
        raise argparse.ArgumentTypeError(str(err)) from err
