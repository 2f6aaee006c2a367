"""Shared fixtures: one strict build of both site languages per test session, and a browser."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from snippets.site import build as site

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def _server_socket():
    """Bind the port first: the site is built for the origin it will be served from."""
    return http.server.ThreadingHTTPServer(("127.0.0.1", 0), QuietHandler, bind_and_activate=True)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, _server_socket) -> Path:
    """Both languages built with `mkdocs build --strict` (a failure here fails every site test)."""
    out = tmp_path_factory.mktemp("site")
    site.build(strict=True, site_dir=out, origin=f"http://127.0.0.1:{_server_socket.server_address[1]}")
    return out


@pytest.fixture(scope="session")
def site_url(built_site, _server_socket):
    server = _server_socket
    server.RequestHandlerClass = functools.partial(QuietHandler, directory=str(built_site))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output readable
        pass


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. Skips without Chromium, except under CI=true where it fails."""
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).exists()):
        message = (f"Chromium not found at {CHROMIUM}: install it with `sudo apt-get install chromium fonts-noto-cjk` "
                   "(or set CHROMIUM_PATH) to run the browser tests")
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    pg = context.new_page()
    yield pg
    context.close()
