"""The command line lists every command and reports its version."""

from __future__ import annotations

import subprocess
import sys

from snippets import __version__


def run(*args):
    return subprocess.run([sys.executable, "-m", "snippets", *args], capture_output=True, text=True)


def test_help_lists_the_commands():
    out = run("--help")
    assert out.returncode == 0
    for command in ("sample-data", "glossary", "playbook", "site"):
        assert command in out.stdout
    assert "Exit codes" in out.stdout


def test_version():
    out = run("--version")
    assert out.returncode == 0 and __version__ in out.stdout


def test_no_command_prints_help_and_exits_2():
    out = run()
    assert out.returncode == 2 and "usage" in out.stdout
