"""Read a data file under ``snippets/data`` and check its shape against a declarative schema
(``snippets/data/schemas/NAME.schema.yaml``, JSON Schema). A broken file fails with the file, the entry and the
problem named, never a bare KeyError later on."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from snippets.errors import UserError

SCHEMAS = Path(__file__).resolve().parent / "data" / "schemas"


@cache
def _validator(name: str):
    try:
        from jsonschema import Draft202012Validator
    except ImportError:  # only in the in-page tools (Pyodide's standard library): the site build validated the data
        return None
    schema = yaml.load((SCHEMAS / f"{name}.schema.yaml").read_text(encoding="utf-8"),
                       Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _where(data: Any, path) -> str:
    """``platforms.amazon.metrics[2] (late_shipment_rate_10d).window``: list items named by their id, and so is
    a file that holds one entry: ``(order_delayed).text``."""
    out, node = "", data
    if isinstance(data, dict) and isinstance(data.get("id"), str):
        out = f"({data['id']})"
    for key in path:
        if isinstance(key, int):
            out += f"[{key}]"
            node = node[key]
            if isinstance(node, dict) and "id" in node:
                out += f" ({node['id']})"
        else:
            out += f".{key}" if out else str(key)
            node = node[key]
    return out or "the top level"


def _problem(error) -> str:
    """The validator's message, plus the schema's own words for the rule (its ``description``) when it has them:
    "'订单 缺陷' does not match '^\\S+$' (one search token: no spaces)"."""
    hint = error.schema.get("description") if isinstance(error.schema, dict) else None
    return f"{error.message} ({hint})" if hint else error.message


def load_yaml(path: Path, schema: str, error: type[UserError] = UserError, validate: bool = True) -> Any:
    """The file's content, validated; problems name the file, the entry and what is wrong (raised as ``error``).
    ``validate=False`` only reads it (a file the tests validate, read where start-up time counts)."""
    try:
        # libyaml's loader when PyYAML has it (ten times faster, same result); in the page, the stand-in's
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except UnicodeDecodeError as err:
        raise error(f"{path}: not UTF-8 ({err.reason} at byte {err.start})") from err
    except OSError as err:
        raise error(f"{path}: cannot be read: {err.strerror}") from err
    except yaml.YAMLError as err:
        raise error(f"{path}: not valid YAML: {err}") from err
    validator = _validator(schema) if validate else None
    if validator is None:
        return data
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        lines = [f"  - {_where(data, e.absolute_path)}: {_problem(e)}" for e in errors[:10]]
        more = f"\n  ... and {len(errors) - 10} more" if len(errors) > 10 else ""
        raise error(f"{path}: {len(errors)} problem(s) with its shape (schema {schema}):\n" + "\n".join(lines) + more)
    return data
