"""Server settings as data: a frozen dataclass validated on creation."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

from reqres_mock.errors import ConfigurationError

#: Seconds before 504 as Microsoft's limits page documents them today: 120 s multitenant
#: (Consumption), 225 s single-tenant (Standard). The original article said one minute.
#: https://learn.microsoft.com/azure/logic-apps/logic-apps-limits-and-config
CONSUMPTION_TIMEOUT = 120.0
STANDARD_TIMEOUT = 225.0
#: The Consumption deadline, the default flavour's.
DEFAULT_TIMEOUT = CONSUMPTION_TIMEOUT
#: Logic Apps' Request trigger body limit.
DEFAULT_MAX_BODY_SIZE = 100 * 1024 * 1024
#: Logic Apps' URL length limit.
DEFAULT_MAX_URL_LENGTH = 16_384


class Choice(str, enum.Enum):
    """A closed set of string values (``enum.StrEnum`` once Python 3.10 support ends)."""

    def __str__(self) -> str:
        return str(self.value)


class Flavor(Choice):
    """Which Logic Apps hosting model the callback URLs and replies imitate."""

    CONSUMPTION = "consumption"
    STANDARD = "standard"


class ReminderMode(Choice):
    """What happens to reminders in the test thread."""

    WARN = "warn"
    ERROR = "error"
    IGNORE = "ignore"


class UnstubbedMode(Choice):
    """What answers an outbound call that no stub matches."""

    FAIL = "fail"
    OK = "200"


def parse_choice(enum_type: type[enum.Enum], value: object, setting: str) -> enum.Enum:
    """Turn ``value`` into a member of ``enum_type`` or raise an error listing valid values."""
    if isinstance(value, enum_type):
        return value
    for member in enum_type:
        if isinstance(value, str) and value.lower() == str(member.value):
            return member
    valid = ", ".join(repr(m.value) for m in enum_type)
    raise ConfigurationError(f"{setting}={value!r} is not valid; use one of {valid}")


def check_timeout(value: float, setting: str = "timeout") -> float:
    """Validate a deadline in seconds."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigurationError(f"{setting} must be a number of seconds, got {value!r}")
    if not (value > 0 and math.isfinite(value)):
        raise ConfigurationError(f"{setting} must be a positive number of seconds, got {value!r}")
    return float(value)


@dataclass(frozen=True, kw_only=True)
class ServerConfig:
    """How a :class:`~reqres_mock.MockServer` behaves.

    :param timeout: seconds a caller waits for the Response before getting 504; ``None``
        (the default) is Logic Apps' documented deadline of each workflow's flavour: 120 s for
        Consumption, 225 s for Standard (see :meth:`timeout_for`).
    :param flavor: default flavour of workflows added to the server.
    :param region: the Azure region named in headers (``x-ms-execution-location``...).
    :param access_key: the key callback URLs are signed with; random per server when ``None``.
    :param max_body_size: larger bodies get 413 before they are read.
    :param max_url_length: longer URLs get 414.
    :param reminders: what reminders do in the test thread: warn, error or ignore.
    :param read_timeout: seconds a connection may stay silent before the server drops it.
    :param retry_after: the ``Retry-After`` seconds of asynchronous 202s and 429s.
    :param max_concurrent_calls: inbound calls served at once; more get 429 (Logic Apps' figure
        is about 1,000).
    :param admin_token: when set, the admin API (``/_reqres/``) answers only calls with
        ``Authorization: Bearer <admin_token>``.
    :param wait_scale: multiplies the durations of Wait/Delay actions (0 skips them), so
        definitions that wait minutes run in milliseconds in tests; retry-policy intervals
        of outbound calls are scaled too.
    :param unstubbed: what answers an outbound call (Http, connectors, functions...) that no
        stub matches: ``"fail"`` (the action fails, ``check()`` raises
        ``UnstubbedActionError``) or ``"200"`` (an empty 200 reply).
    """

    timeout: float | None = None
    flavor: Flavor = Flavor.CONSUMPTION
    region: str = "westeurope"
    access_key: str | None = None
    max_body_size: int = DEFAULT_MAX_BODY_SIZE
    max_url_length: int = DEFAULT_MAX_URL_LENGTH
    reminders: ReminderMode = ReminderMode.WARN
    read_timeout: float = 30.0
    wait_scale: float = 1.0
    retry_after: int = 10
    max_concurrent_calls: int = 1000
    admin_token: str | None = None
    unstubbed: UnstubbedMode = UnstubbedMode.FAIL

    def __post_init__(self) -> None:
        if self.timeout is not None:
            object.__setattr__(self, "timeout", check_timeout(self.timeout))
        object.__setattr__(self, "read_timeout", check_timeout(self.read_timeout, "read_timeout"))
        object.__setattr__(self, "flavor", parse_choice(Flavor, self.flavor, "flavor"))
        object.__setattr__(
            self, "reminders", parse_choice(ReminderMode, self.reminders, "reminders")
        )
        object.__setattr__(
            self, "unstubbed", parse_choice(UnstubbedMode, str(self.unstubbed), "unstubbed")
        )
        scale = self.wait_scale
        if (
            isinstance(scale, bool)
            or not isinstance(scale, (int, float))
            or not (0 <= scale < math.inf)
        ):
            raise ConfigurationError(f"wait_scale must be a number >= 0, got {scale!r}")
        for name in ("max_body_size", "max_url_length", "retry_after", "max_concurrent_calls"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ConfigurationError(f"{name} must be a positive integer, got {value!r}")
        if not self.region or not self.region.replace("-", "").isalnum():
            raise ConfigurationError(f"region must be an Azure region name, got {self.region!r}")
        if self.access_key is not None and not self.access_key:
            raise ConfigurationError("access_key must not be empty (use None for a random one)")

    def timeout_for(self, flavor: Flavor) -> float:
        """The deadline of a workflow of ``flavor`` that sets none of its own."""
        if self.timeout is not None:
            return self.timeout
        return STANDARD_TIMEOUT if flavor is Flavor.STANDARD else CONSUMPTION_TIMEOUT
