"""A playbook's parameters, read from its cell tagged ``parameters`` (the papermill convention), and the
checks on values given with ``-p NAME=VALUE`` or a ``--each`` table: unknown names, wrong types.

Each line of the cell is ``name: TYPE = default  # help``, TYPE one of str, int, float, bool, optionally
``| None``; a plain ``name = default`` takes its type from the default."""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass
from pathlib import Path

from snippets.errors import UserError

TYPES = {"str": str, "int": int, "float": float, "bool": bool}
TRUE, FALSE = {"true", "yes", "1", "on"}, {"false", "no", "0", "off"}


@dataclass(frozen=True)
class Param:
    name: str
    type: str  # str | int | float | bool
    optional: bool  # None is allowed
    default: object
    help: str

    def describe(self) -> str:
        return f"{self.type}{' or None' if self.optional else ''}"


def parameters_cell(nb):
    tagged = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if not tagged:
        raise UserError("the notebook has no cell tagged 'parameters'")
    return tagged[0]


def read_parameters(nb) -> list[Param]:
    source = parameters_cell(nb).source
    lines = source.splitlines()
    out = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            name, value, annotation = node.target.id, node.value, ast.unparse(node.annotation)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name, value, annotation = node.targets[0].id, node.value, None
        else:
            continue
        default = ast.literal_eval(value) if value is not None else None
        if annotation:
            parts = [p.strip() for p in annotation.split("|")]
            optional = "None" in parts
            kind = next((p for p in parts if p != "None"), "str")
        else:
            optional = default is None
            kind = "str" if default is None else type(default).__name__
        if kind not in TYPES:
            kind = "str"
        line = lines[node.lineno - 1]
        comment = line.split("#", 1)[1].strip() if "#" in line else ""
        out.append(Param(name, kind, optional, default, comment))
    return out


def coerce(param: Param, value: object, where: str = "-p") -> object:
    """A given value (text from the command line or a table, or an already-parsed literal) as the parameter's
    type; a wrong type is a UserError naming the parameter, the value and the type."""
    text = value.strip() if isinstance(value, str) else value
    if param.optional and (text is None or (isinstance(text, str) and text.lower() in ("", "none", "null"))):
        return None
    bad = UserError(f"{where} {param.name}={value!r}: expected {param.describe()} ({param.help or 'no description'})")
    if param.type == "str":
        if isinstance(text, str):
            if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
                return text[1:-1]
            return text
        if isinstance(text, Path):
            return str(text)
        raise bad
    if param.type == "bool":
        if isinstance(text, bool):
            return text
        if isinstance(text, str) and text.lower() in TRUE | FALSE:
            return text.lower() in TRUE
        raise bad
    if isinstance(text, bool):
        raise bad
    try:
        if not isinstance(text, str | int | float):  # a list, dict ... from a literal
            raise bad
        if param.type == "int":
            if isinstance(text, float) and not text.is_integer():
                raise bad
            number: int | float = int(text, 10) if isinstance(text, str) else int(text)
        else:
            number = float(text)
    except (TypeError, ValueError):
        raise bad from None
    if param.type == "float" and number != number or number in (float("inf"), float("-inf")):
        raise bad
    return number


def check_parameters(nb, given: dict[str, object], playbook: str, where: str = "-p") -> dict[str, object]:
    """The given values, checked and typed. Unknown names are refused with the list of valid ones."""
    specs = {p.name: p for p in read_parameters(nb)}
    unknown = [n for n in given if n not in specs]
    if unknown:
        valid = ", ".join(f"{p.name} ({p.describe()})" for p in specs.values())
        raise UserError(f"playbook '{playbook}' has no parameter {', '.join(repr(u) for u in unknown)}. "
                        f"Its parameters: {valid}. See `python -m snippets playbook list`.")
    values = {name: coerce(specs[name], value, where) for name, value in given.items()}
    return {name: meaning(name, value, where) for name, value in values.items()}


PATH_SUFFIXES = ("_file", "_folder")


def meaning(name: str, value: object, where: str = "-p") -> object:
    """Checks by what a parameter means, the same in every playbook: ``as_of`` is a plausible day, ``tz`` a
    time zone, and a ``*_file`` or ``*_folder`` path is taken from the current folder (the notebook runs in
    ``playbooks/``, where a relative path would name another file or none)."""
    if value is None or not isinstance(value, str):
        return value
    if name == "as_of":
        from snippets.orders.values import as_of_day

        as_of_day(value, f"{where} as_of")
        return value.strip()
    if name == "tz":
        from snippets.orders.values import check_tz

        try:
            check_tz(value)
        except UserError as err:
            raise UserError(f"{where} {str(err).removeprefix('--')}") from None
        return value
    if name.endswith(PATH_SUFFIXES) and value:
        return os.path.abspath(os.path.expanduser(value))
    return value


def parameter_table(nb) -> list[tuple[str, str, str, str]]:
    """(name, type, default, help) rows for ``playbook list``."""
    return [(p.name, p.describe(), repr(p.default), p.help) for p in read_parameters(nb)]
