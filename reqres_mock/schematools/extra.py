"""The ``schematools`` extra: faker, rstr and genson, imported only when a schema tool runs.

They are not runtime dependencies of reqres-mock: faker registers a pytest plugin that every
``pytest`` start would load (about a second), for tools most users never call.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from reqres_mock.errors import MissingExtraError

if TYPE_CHECKING:
    from types import ModuleType

#: Import name -> distribution name, of what the extra installs.
PACKAGES = {"faker": "faker", "rstr": "rstr", "genson": "genson"}


def require(module: str, feature: str) -> ModuleType:
    """Import ``module`` (one of :data:`PACKAGES`) for ``feature``.

    :raises MissingExtraError: when it is not installed, saying how to install it.
    """
    package = PACKAGES[module.partition(".")[0]]
    try:
        return importlib.import_module(module)
    except ImportError as err:
        raise MissingExtraError(
            f"{feature} needs {package}, which is not installed; "
            "install the schema tools with: pip install 'reqres-mock[schematools]'"
        ) from err
