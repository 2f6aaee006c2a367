"""Run the playbook notebooks in ``playbooks/`` headless, with parameters (the papermill convention:
the cell tagged ``parameters`` holds defaults; given values go in a new cell right after it)."""

from __future__ import annotations

import ast
import os
import sys
from pathlib import Path

from snippets.errors import UserError

PLAYBOOK_DIR = Path(__file__).resolve().parents[2] / "playbooks"
# Exception names raised by snippets for bad input (UserError and its subclasses).
USER_ERRORS = {"UserError", "RuleFileError", "TemplateError"}
DEFAULT_TIMEOUT = 300  # seconds per cell; nbclient has no limit by default


def reader_language() -> str:
    """The language a playbook's tables should use when it is given none: the handbook site being built
    (the build sets HANDBOOK_LANG, see snippets/site/hooks.py), else Chinese."""
    return "en" if os.environ.get("HANDBOOK_LANG") == "en" else "zh"


def list_playbooks() -> list[Path]:
    return sorted(PLAYBOOK_DIR.glob("*.ipynb"))


def find_playbook(name: str) -> Path:
    path = Path(name)
    if path.suffix == ".ipynb" and path.exists():
        return path
    candidate = PLAYBOOK_DIR / f"{name.removesuffix('.ipynb')}.ipynb"
    if candidate.exists():
        return candidate
    known = ", ".join(p.stem for p in list_playbooks())
    raise UserError(f"no playbook named '{name}'. Known playbooks: {known}")


def parse_param(text: str) -> tuple[str, object]:
    """``name=value``: the value is a Python literal when it parses as one, else a string."""
    name, sep, value = text.partition("=")
    if not sep or not name.isidentifier():
        raise UserError(f"--param '{text}': expected NAME=VALUE, e.g. --param orders_file=orders.txt")
    try:
        return name, ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return name, value


def inject_parameters(nb, params: dict) -> None:
    import nbformat

    tagged = [i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])]
    if not tagged:
        raise UserError("the notebook has no cell tagged 'parameters'")
    source = "# Parameters given on the command line\n" + "\n".join(f"{k} = {v!r}" for k, v in params.items())
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    nb.cells.insert(tagged[0] + 1, cell)


def run_playbook(name: str, params: dict | None = None, timeout: int = DEFAULT_TIMEOUT, progress: bool = False):
    """Execute a playbook and return the executed notebook (nbformat node)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    path = find_playbook(name)
    nb = nbformat.read(path, as_version=4)
    if params:
        inject_parameters(nb, params)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(path.parent)}})
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    if progress:
        done = {"n": 0}

        def on_cell_executed(cell, cell_index, execute_reply):  # noqa: ARG001 - nbclient hook signature
            done["n"] += 1
            print(f"\r{path.stem}: cell {done['n']}/{len(code_cells)}", end="", file=sys.stderr, flush=True)

        client.on_cell_executed = on_cell_executed
    try:
        client.execute()
    except CellExecutionError as err:
        # The library's own errors (bad file, bad column ...) already say what to fix: show just that.
        # Anything else is a bug in the playbook: keep nbclient's full report with the cell and traceback.
        if err.ename in USER_ERRORS:
            raise UserError(f"playbook '{path.stem}': {err.evalue}") from err
        raise UserError(f"playbook '{path.stem}' stopped with an error:\n{err}") from err
    finally:
        if progress:
            print(file=sys.stderr)
    return nb
