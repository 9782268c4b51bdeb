"""Reading form posts out of outputs: what ``triggerFormDataValue``, ``formDataValue``,
``triggerMultipartBody`` and the rest of the form-data family do with the outputs they are
given (the trigger's, or an action's).

The Request trigger stores a form post's body as binary content with its fields alongside:
``$formdata`` (``{"key", "value"}`` pairs, a urlencoded post) or ``$multipart`` (``{"headers",
"body"}`` parts; :mod:`reqres_mock.protocol.trigger`). The functions take the content type from
the outputs' ``Content-Type`` header, not from the body, so a Compose of a form body (no headers)
is not form data. A multipart part is named by its ``Content-Disposition``.

All of it was measured in the cloud by tomdam/flowforger (``conformance/flows/
formdata-urlencoded.ff.ts`` and ``formdata-multipart.ff.ts``; the emulator's
``packages/engine/src/expr/functions/references.ts`` and its test
``src/__tests__/formdata-expressions.test.ts``, whose error messages are quoted here). Power
Automate runs on the Consumption runtime; Standard's form functions are assumed the same.
"""

from __future__ import annotations

import re
from typing import Any

from reqres_mock.errors import ExpressionError
from reqres_mock.language.registry import integer_arg
from reqres_mock.language.values import to_text

__all__ = ["form_value", "form_values", "multipart_body"]

_FORM_TYPES = re.compile(r"(multipart/form-data|application/x-www-form-urlencoded)\b", re.I)
_PART_NAME = re.compile(r'\bname="([^"]*)"|\bname=([^;\s]+)', re.I)


def _not_retrieved(function: str, what: str, why: str) -> ExpressionError:
    return ExpressionError(
        f"The template language function '{function}' failed to retrieve {what} contents from "
        f"outputs. {why}"
    )


def _header(headers: Any, name: str) -> str | None:
    if not isinstance(headers, dict):
        return None
    found = next((k for k in headers if k.lower() == name), None)
    return None if found is None else to_text(headers[found])


def _content_type(outputs: Any) -> str | None:
    return _header(outputs.get("headers"), "content-type") if isinstance(outputs, dict) else None


def _body(outputs: Any) -> Any:
    return outputs["body"] if isinstance(outputs, dict) and "body" in outputs else outputs


def _parts(body: Any) -> list[Any]:
    parts = body.get("$multipart") if isinstance(body, dict) else None
    return parts if isinstance(parts, list) else []


def _part_name(part: Any) -> str | None:
    disposition = (
        _header(part.get("headers"), "content-disposition") if isinstance(part, dict) else None
    )
    match = _PART_NAME.search(disposition) if disposition is not None else None
    return (
        None if match is None else match.group(1) if match.group(1) is not None else match.group(2)
    )


def form_values(function: str, outputs: Any, key: Any) -> list[Any]:
    """Every value of field ``key`` (exact case): a urlencoded post's decoded values, or the
    bodies of the multipart parts named ``key``; ``[]`` when there is none.

    :raises ExpressionError: when the outputs' Content-Type is not a form's ("... the provided
        content type is '<null>'." without one).
    """
    declared = _content_type(outputs)
    if declared is None or not _FORM_TYPES.match(declared):
        raise _not_retrieved(
            function,
            "formdata",
            "The output content is not a valid form data content. Supported form data content "
            "types are 'multipart/form-data' and 'application/x-www-form-urlencoded' and the "
            f"provided content type is '{declared if declared is not None else '<null>'}'.",
        )
    name = to_text(key)
    body = _body(outputs)
    pairs = body.get("$formdata") if isinstance(body, dict) else None
    if isinstance(pairs, list):
        return [p.get("value") for p in pairs if isinstance(p, dict) and p.get("key") == name]
    return [p.get("body") for p in _parts(body) if _part_name(p) == name]


def form_value(function: str, outputs: Any, key: Any) -> Any:
    """The one value of field ``key``, or None when the form has no such field.

    :raises ExpressionError: as :func:`form_values`, and when the field came more than once.
    """
    values = form_values(function, outputs, key)
    if len(values) > 1:
        raise _not_retrieved(
            function,
            "formdata",
            f"There are more than one items matching the field name '{to_text(key)}'.",
        )
    return values[0] if values else None


def multipart_body(function: str, outputs: Any, index: Any, position: int = 0) -> Any:
    """The body of part ``index`` of multipart outputs.

    :raises ExpressionError: when the outputs' Content-Type is not ``multipart/*``, or the index
        is past the last part (or negative), or not an integer (the mock's type error; the
        cloud's is not measured).
    """
    declared = _content_type(outputs)
    if declared is None or not declared.lower().startswith("multipart/"):
        # the runtime's sentence ends with a space (formdata-expressions.test.ts quotes it so)
        raise _not_retrieved(
            function,
            "multipart",
            "The supported multipart content type is 'multipart/*' and the provided content type "
            f"is '{declared if declared is not None else '<null>'}'. ",
        )
    number = integer_arg(function, index, position)
    parts = _parts(_body(outputs))
    if not 0 <= number < len(parts):
        raise _not_retrieved(
            function,
            "multipart",
            f"The index value '{number}' exceeds the number of multipart contents "
            f"'{len(parts)}' in the outputs.",
        )
    part = parts[number]
    return part.get("body") if isinstance(part, dict) else part
