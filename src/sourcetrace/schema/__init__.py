"""The JSON Schema of a report (``sourcetrace.report/1``) and a validator for it.

The schema is ``report.schema.json`` beside this file, written from ``shared/CONTRACT.md``.
Validation needs ``jsonschema``, a development dependency only: it is imported when
``validate_report`` is first called, and its absence is a ``ConfigError`` that says so.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError, SourcetraceError

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

__all__ = ["SCHEMA_FILE", "SchemaError", "load_schema", "validate_report"]

SCHEMA_FILE = "report.schema.json"
_MAX_LISTED = 5  # problems named in the message; all of them are in context["errors"]


class SchemaError(SourcetraceError):
    """A report does not match the report schema.

    ``context["errors"]`` lists every problem as ``(json_path, message)``, in document order.
    """

    code = "schema"


def load_schema() -> dict[str, Any]:
    """The report schema as a fresh dict (safe to modify)."""
    return json.loads(_schema_text())


@cache
def _schema_text() -> str:
    return resources.files(__name__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


@cache
def _validator() -> Validator:
    try:
        import jsonschema
    except ImportError as exc:  # a dev dependency: the product itself never needs it
        raise ConfigError(
            "validating a report needs the 'jsonschema' package, which is not installed; "
            "install the development extras: pip install -e '.[dev]'",
            missing="jsonschema",
        ) from exc
    schema = load_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _explain(error: ValidationError) -> tuple[str, str]:
    """(json path, message) of the most specific cause. Inside an ``anyOf`` such as "a span or
    null", the branch whose type did not even match is no explanation: say what is wrong with
    the other one (``'entity' is a required property``), not that no branch matched."""
    from jsonschema.exceptions import relevance

    while error.context:
        causes = [e for e in error.context if e.validator != "type"]
        if not causes:
            break
        error = max(causes, key=relevance)
    return error.json_path, error.message


def _path_key(path: Iterable[str | int]) -> list[tuple[int, str]]:
    # list indices sort numerically (a2 before a10), keys alphabetically
    return [(0, f"{p:012d}") if isinstance(p, int) else (1, p) for p in path]


def validate_report(data: dict[str, Any]) -> None:
    """Check a report dict (``Report.to_dict()`` or parsed JSON) against the schema.

    Returns ``None`` when it conforms; raises ``SchemaError`` listing what does not.
    """
    validator = _validator()
    problems = sorted(validator.iter_errors(data), key=lambda e: _path_key(e.absolute_path))
    if not problems:
        return
    errors = [_explain(p) for p in problems]
    listed = "; ".join(f"{path}: {message}" for path, message in errors[:_MAX_LISTED])
    more = f" (and {len(errors) - _MAX_LISTED} more)" if len(errors) > _MAX_LISTED else ""
    raise SchemaError(
        f"report does not match {SCHEMA_FILE}: {listed}{more}",
        errors=errors,
    )
