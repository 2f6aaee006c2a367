"""Run the playbook notebooks in ``playbooks/`` headless, with parameters (the papermill convention:
the cell tagged ``parameters`` holds defaults; given values go in a new cell right after it)."""

from __future__ import annotations

import ast
import atexit
import os
import sys
from pathlib import Path

from snippets.errors import UserError
from snippets.playbooks.language import (  # noqa: F401 (inject_parameters re-exported)
    for_language,
    inject_parameters,
    playbook_language,
)

PLAYBOOK_DIR = Path(__file__).resolve().parents[2] / "playbooks"
# Exception names raised by snippets for bad input (UserError and its subclasses).
USER_ERRORS = {"UserError", "RuleFileError", "TemplateError"}
DEFAULT_TIMEOUT = 300  # seconds per cell; nbclient has no limit by default
RUNNING: set = set()  # NotebookClients executing now (stopped on Ctrl-C)


def stop_running() -> int:
    """Stop every kernel executing a playbook now (SIGTERM to its process group); the number reached. Kernels
    run in a session of their own, so Ctrl-C in the terminal reaches only this process, not them. SIGTERM and
    not SIGINT: a kernel still importing its libraries printed a KeyboardInterrupt traceback on SIGINT, and
    the user asked to stop, not to keep the kernel."""
    import signal

    reached = 0
    for client in list(RUNNING):
        provisioner = getattr(getattr(client, "km", None), "provisioner", None)
        pgid, pid = getattr(provisioner, "pgid", None), getattr(provisioner, "pid", None)
        try:
            if pgid and hasattr(os, "killpg"):
                os.killpg(pgid, signal.SIGTERM)
            elif pid:
                os.kill(pid, signal.SIGTERM)
            else:
                continue
            reached += 1
        except (ProcessLookupError, PermissionError):
            pass
    return reached


def run_stoppable(call):
    """``call()`` in a worker thread, so that Ctrl-C reaches this thread cleanly: the running kernels are
    stopped (they sit in sessions of their own and never see the terminal's Ctrl-C), and the
    KeyboardInterrupt goes on to the CLI (exit 130). Interrupted inside nbclient itself, the run ended in an
    AssertionError and a kernel traceback."""
    from concurrent.futures import ThreadPoolExecutor, wait

    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(call)
    try:
        while True:
            try:
                return future.result(timeout=0.5)
            except TimeoutError:
                continue
    except KeyboardInterrupt:
        while not future.done():  # a kernel still being launched is not in RUNNING's reach yet
            stop_running()
            wait([future], timeout=0.5)
        raise
    finally:
        pool.shutdown(wait=True)


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
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return name, value


def split_param(text: str) -> tuple[str, str]:
    """``name=value`` as text; the playbook's declared type decides what the value means."""
    name, sep, value = text.partition("=")
    if not sep or not name.isidentifier():
        raise UserError(f"--param '{text}': expected NAME=VALUE, e.g. --param orders_file=orders.txt")
    return name, value


def prepare(name: str, params: dict | None = None, where: str = "-p"):
    """The notebook to execute: parameters checked and typed, cells of the chosen language, values injected."""
    import nbformat

    from snippets.playbooks.params import check_parameters, read_parameters

    path = find_playbook(name)
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as err:  # a damaged notebook file
        raise UserError(f"{path}: not a readable notebook ({err})") from err
    given = check_parameters(nb, dict(params or {}), path.stem, where)
    names = {p.name for p in read_parameters(nb)}
    try:
        lang = playbook_language(given.get("lang"))
    except UserError as err:
        raise UserError(f"{where} {err}") from None
    if "lang" in names:
        given["lang"] = lang
    nb = for_language(nb, lang)
    if given:
        inject_parameters(nb, given)
    return path, nb


def run_playbook(name: str, params: dict | None = None, timeout: int = DEFAULT_TIMEOUT, progress: bool = False,
                 where: str = "-p"):
    """Execute a playbook and return the executed notebook (nbformat node)."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    path, nb = prepare(name, params, where)
    # The kernel's own log is quiet below errors: its warning that the local loopback connection is not
    # encrypted (every Jupyter kernel's default) alarmed users on every run and said nothing they could act on.
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=False,
                            extra_arguments=["--IPKernelApp.log_level=ERROR"],
                            resources={"metadata": {"path": str(path.parent)}})
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    if progress:
        done = {"n": 0}

        def on_cell_executed(cell, cell_index, execute_reply):  # noqa: ARG001 - nbclient hook signature
            done["n"] += 1
            print(f"\r{path.stem}: cell {done['n']}/{len(code_cells)}", end="", file=sys.stderr, flush=True)

        client.on_cell_executed = on_cell_executed
    RUNNING.add(client)
    try:
        client.execute()
    except CellExecutionError as err:
        # The library's own errors (bad file, bad column ...) already say what to fix: show just that.
        # Anything else is a bug in the playbook: keep nbclient's full report with the cell and traceback.
        if err.ename in USER_ERRORS:
            raise UserError(f"playbook '{path.stem}': {err.evalue}") from err
        raise UserError(f"playbook '{path.stem}' stopped with an error:\n{err}") from err
    finally:
        RUNNING.discard(client)
        if client.km is None:
            # nbclient leaves its at-exit cleanup registered when a kernel dies while starting, and that
            # cleanup then fails with an AssertionError traceback as the program ends.
            atexit.unregister(client._cleanup_kernel)
        if progress:
            print(file=sys.stderr)
    return nb
