"""Exceptions and warnings raised to the test author.

Everything the mock raises derives from :class:`ReqResError`. Failures a test should report as
plain assertion failures also derive from :class:`AssertionError`, so pytest shows them without
an "error in fixture" wrapper.
"""

from __future__ import annotations


class ReqResError(Exception):
    """Base class of every error raised by reqres-mock."""


class ConfigurationError(ReqResError, ValueError):
    """A setting or argument has a value the mock cannot use; the message lists valid ones."""


class DefinitionError(ReqResError):
    """A workflow definition (a file or an ``add_workflow`` call) is invalid.

    :param message: what is wrong and what to do about it.
    :param path: the file the definition came from, when it came from a file.
    :param pointer: the JSON pointer of the offending value inside the definition.
    """

    def __init__(self, message: str, *, path: str | None = None, pointer: str | None = None):
        self.message = message
        self.path = path
        self.pointer = pointer
        where = ""
        if path is not None:
            where = str(path)
        if pointer is not None:
            where = f"{where}#{pointer}" if where else f"#{pointer}"
        super().__init__(f"{where}: {message}" if where else message)


class ExpressionError(ReqResError):
    """An expression that cannot be parsed or evaluated (Logic Apps' ``InvalidTemplate``).

    :param expression: the expression text (without the leading ``@``).
    :param position: 1-based column in the expression where the problem is, when known.
    """

    code = "InvalidTemplate"

    def __init__(self, message: str, expression: str = "", position: int | None = None) -> None:
        self.message = message
        self.expression = expression
        self.position = position
        where = f" at position {position}" if position is not None else ""
        shown = f" in '{expression}'" if expression else ""
        super().__init__(f"{message}{shown}{where}")


class CassetteError(ReqResError):
    """A cassette cannot be read, written or used as asked (a record mode that needs a target
    without one, a file that is no VCR cassette...); the message says which and why.

    :param message: what is wrong.
    :param advice: what to do, for the way the cassette was used (API, CLI, pytest marker).
    """

    def __init__(self, message: str, *, advice: str = "") -> None:
        self.fact = message
        self.advice = advice
        super().__init__(f"{message}: {advice}" if advice else message)

    def advise(self, advice: str) -> CassetteError:
        """This error with the advice that applies where it surfaced (a CLI verb, a marker)."""
        return CassetteError(self.fact, advice=advice) if self.advice else self


class FakeDataError(ReqResError, ValueError):
    """A fake body could not be made: the schema could not be satisfied (or, for an invalid
    body, the named constraint could not be broken on its own); the message says where.
    """


class MissingExtraError(ReqResError, ImportError):
    """An optional feature's dependencies are not installed; the message names the extra to
    install (``pip install 'reqres-mock[schematools]'``)."""


class UnexpectedCallError(ReqResError, AssertionError):
    """Calls reached the server that matched no workflow; the message explains the near misses."""


class WaitTimeoutError(ReqResError, AssertionError):
    """A bounded wait (``wait_for_runs``, ``Run.wait``) ran out before its condition held."""


class ServerThreadError(ReqResError, AssertionError):
    """An exception was raised inside the server (a Response callable, for example).

    The original exception is the ``__cause__``; ``errors`` holds all that were collected.
    """

    def __init__(self, message: str, errors: list[BaseException]):
        super().__init__(message)
        self.errors = errors


class UnstubbedActionError(ReqResError, AssertionError):
    """A run reached an action that calls the cloud (Http, ApiConnection...) with no stub.

    Stub it in the test: ``wf.stub_action("Call_CRM", status=200, body={...})``.
    """


class UnmetStubError(ReqResError, AssertionError):
    """Request stubs declared with ``times=`` were not called that many times; the message
    lists each one with its expected and actual counts."""


class ReminderError(ReqResError, AssertionError):
    """A reminder was raised while reminders are configured to fail the test."""


class Reminder(UserWarning):
    """Base class of reminders: calls that Logic Apps accepts but that would surprise you."""


class SchemaReminder(Reminder):
    """The request would behave differently from what the trigger's schema suggests.

    For example, a JSON body sent without ``Content-Type: application/json`` (Logic Apps then
    does not parse it), or a body that does not match the schema while validation is off.
    """


class ResponseReminder(Reminder):
    """The Response action's output differs from what its author probably meant.

    For example, a header Logic Apps silently drops, or a JSON body with no Content-Type.
    """
