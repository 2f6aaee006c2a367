"""Ship the in-page tools with the site: the Pyodide runtime, the project's Python and its data as JSON.

Called by the build hook (``snippets/site/hooks.py``) after each language is built. Into ``<site>/assets/inpage/``:

- ``pyodide/``: the runtime files from the npm package ``pyodide`` (pinned in ``package-lock.json``, installed
  by ``npm ci`` in ``make``), only those a page needs: no package comes from a CDN, the core has the standard
  library only;
- ``handbook-py.zip``: the ``snippets`` package's Python (the same modules the command line runs) with every
  ``snippets/data/**/*.yaml`` converted to JSON by PyYAML here, kept under its own name, and ``yaml.py``, a
  stand-in whose ``safe_load`` is ``json.loads`` (``snippets/site/assets/yaml_json.py``). The library's loaders
  therefore run unchanged in the page and read exactly the data PyYAML read at build time;
- the worker (``inpage-worker.js``) that loads both and answers the page.

The offline pack (opened from disk) gets no runtime: browsers do not run Web Workers from file://, and the
pages say the tools need the served site.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

from snippets.errors import UserError

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "snippets"
ASSETS = Path(__file__).resolve().parent / "assets"
NODE_PYODIDE = ROOT / "node_modules" / "pyodide"
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
TARGET = "assets/inpage"
# Python the page does not need: command-line wiring, the site build, readers of order files (pandas).
SKIP = ("commands", "site/hooks.py", "site/build.py", "site/generated.py", "site/inpage.py", "orders", "playbooks",
        "data/seed_coverage.yaml", "data/schemas")  # docs bookkeeping and build-time schemas: not for the page


def _jsonable(value, where: str):
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise UserError(f"{where}: a key is not text ({[k for k in value if not isinstance(k, str)][:3]}); "
                            "quote it so the page reads the same data as the command line")
        return {k: _jsonable(v, where) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v, where) for v in value]
    if isinstance(value, datetime.date):  # the library reads dates as text (str(...)), which is the same
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise UserError(f"{where}: a {type(value).__name__} value cannot be shipped to the page as JSON")


def yaml_as_json(path: Path) -> str:
    """A data file as JSON text (PyYAML parses it here; the page only has the standard library)."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise UserError(f"{path}: cannot be read for the in-page tools: {err}") from err
    return json.dumps(_jsonable(data, str(path)), ensure_ascii=False)


def _add(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))  # same sources, same bytes
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, data)


def _sources() -> list[tuple[Path, str]]:
    out = []
    for path in sorted(PACKAGE.rglob("*")):
        rel = path.relative_to(PACKAGE).as_posix()
        if path.is_file() and "__pycache__" not in path.parts and not any(rel == s or rel.startswith(s + "/") for s in SKIP):
            out.append((path, rel))
    return out


def python_bundle(cache_dir: Path | None = None) -> bytes:
    """The zip the worker unpacks onto Python's path. With ``cache_dir``, a zip made from the same sources by
    the other language's build is reused (parsing every data file takes seconds)."""
    sources = _sources()
    if cache_dir is not None:
        digest = hashlib.sha256()
        for path, rel in sources + [(ASSETS / "yaml_json.py", "yaml.py"), (Path(__file__), "converter")]:
            digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
        cached = Path(cache_dir) / f"handbook-py-{digest.hexdigest()[:16]}.zip"
        if cached.is_file():
            return cached.read_bytes()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for path, rel in sources:
            name = f"snippets/{rel}"
            if path.suffix == ".py" and not rel.startswith("site/assets/"):
                _add(zf, name, path.read_bytes())
            elif rel.startswith("data/") and path.suffix == ".yaml":
                _add(zf, name, yaml_as_json(path).encode("utf-8"))
        _add(zf, "yaml.py", (ASSETS / "yaml_json.py").read_bytes())
    if cache_dir is not None:
        for old in Path(cache_dir).glob("handbook-py-*.zip"):
            old.unlink()
        cached.write_bytes(buf.getvalue())
    return buf.getvalue()


def runtime_dir() -> Path:
    missing = [f for f in RUNTIME_FILES if not (NODE_PYODIDE / f).is_file()]
    if missing:
        raise UserError(f"the in-page tools need the npm package pyodide ({NODE_PYODIDE} lacks {', '.join(missing)}): "
                        "run `make setup` (or `npm ci --omit=dev`) at the top of the repository")
    return NODE_PYODIDE


def install(site_dir: Path, offline: bool = False) -> int:
    """Write the tools' runtime and Python into a built language site; return the bytes added."""
    target = Path(site_dir) / TARGET
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ASSETS / "inpage-worker.js", target / "inpage-worker.js")
    if offline:
        return sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    runtime = runtime_dir()
    (target / "pyodide").mkdir(exist_ok=True)
    for name in RUNTIME_FILES:
        shutil.copyfile(runtime / name, target / "pyodide" / name)
    cache = ROOT / ".cache" / "inpage"
    cache.mkdir(parents=True, exist_ok=True)
    (target / "handbook-py.zip").write_bytes(python_bundle(cache))
    return sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
