"""No command overwrites its input, or an existing file unless asked (--force); outputs land exactly where named.

Each test here failed on the code before issue 7 (item 6) was fixed.
"""

from __future__ import annotations

import pytest

from snippets.cli import main
from snippets.site import build as site


def _err(capsys) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


# --- sample-data ----------------------------------------------------------------------------------------------

def test_sample_data_refuses_a_folder_that_already_has_its_files(tmp_path, capsys):
    assert main(["sample-data", str(tmp_path), "--orders", "20"]) == 0
    orders = tmp_path / "orders.txt"
    orders.write_text("my real orders\n", encoding="utf-8")
    assert main(["sample-data", str(tmp_path), "--orders", "20"]) == 2
    assert "--force" in _err(capsys) and orders.read_text(encoding="utf-8") == "my real orders\n"
    assert main(["sample-data", str(tmp_path), "--orders", "20", "--force"]) == 0
    assert orders.read_text(encoding="utf-8") != "my real orders\n"


@pytest.mark.parametrize("args", [["--seed", "-1"], ["--orders", "0"], ["--orders", "1000000000000"],
                                  ["--end", "0001-01-01"], ["--end", "9999-12-31"]])
def test_sample_data_bad_numbers_are_exit_2(tmp_path, capsys, args):
    assert main(["sample-data", str(tmp_path / "out"), *args]) == 2
    assert _err(capsys).startswith("error: ")


def test_sample_data_into_a_file_is_exit_2(tmp_path, capsys):
    target = tmp_path / "a-file"
    target.write_text("x", encoding="utf-8")
    assert main(["sample-data", str(target)]) == 2
    assert "not a folder" in _err(capsys) and target.read_text(encoding="utf-8") == "x"


# --- playbook run -o ------------------------------------------------------------------------------------------

def _no_run(monkeypatch):
    import snippets.playbooks.runner as runner

    def fail(*args, **kwargs):
        raise AssertionError("the playbook ran although the output was refused")

    monkeypatch.setattr(runner, "run_playbook", fail)


def test_playbook_output_never_overwrites_the_input(tmp_path, capsys, monkeypatch):
    _no_run(monkeypatch)
    orders = tmp_path / "orders.txt"
    orders.write_text("order-id\tpurchase-date\n1\t2026-10-01\n", encoding="utf-8")
    for force in ([], ["--force"]):
        code = main(["playbook", "run", "orders-per-day", "-p", f"orders_file={orders}", "-o", str(orders), *force])
        assert code == 2 and "input file" in _err(capsys)
    assert orders.read_text(encoding="utf-8").startswith("order-id")


@pytest.mark.parametrize("kind", ["exists", "no-folder", "folder", "parent-is-file"])
def test_playbook_output_checked_before_the_run(tmp_path, capsys, monkeypatch, kind):
    _no_run(monkeypatch)
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    (tmp_path / "report.html").write_text("old report", encoding="utf-8")
    target = {"exists": tmp_path / "report.html", "no-folder": tmp_path / "nope" / "r.html",
              "folder": tmp_path, "parent-is-file": tmp_path / "a-file" / "r.html"}[kind]
    assert main(["playbook", "run", "orders-per-day", "-o", str(target)]) == 2
    assert _err(capsys).startswith("error: --output")
    assert (tmp_path / "report.html").read_text(encoding="utf-8") == "old report"


# --- site build / pack / serve --------------------------------------------------------------------------------

def test_site_build_deletes_only_what_it_built(tmp_path, monkeypatch, capsys):
    out = tmp_path / "site"
    for lang in ("zh", "en"):
        (out / lang).mkdir(parents=True)
        (out / lang / "old.html").write_text("stale", encoding="utf-8")
    (out / "index.html").write_text("root", encoding="utf-8")
    (out / "my-notes.txt").write_text("mine", encoding="utf-8")
    (out / "drafts").mkdir()
    monkeypatch.setattr(site, "SITE_DIR", out)
    monkeypatch.setattr(site, "build", lambda **kw: {})
    assert main(["site", "build"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["drafts", "my-notes.txt"]


def _fake_build(strict=True, languages=None, site_dir=site.SITE_DIR, origin=None, offline=False):
    (site_dir / "zh").mkdir(parents=True)
    (site_dir / "index.html").write_text("root", encoding="utf-8")
    return {}


@pytest.mark.parametrize("name", ["my.handbook.v2", "pack.zip", "handbook"])
def test_site_pack_writes_exactly_the_name_given(tmp_path, monkeypatch, capsys, name):
    import zipfile

    monkeypatch.setattr(site, "build", _fake_build)
    target = tmp_path / name
    assert main(["site", "pack", "--output", str(target)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
    assert "seller-ops-handbook/index.html" in zipfile.ZipFile(target).namelist()
    assert main(["site", "pack", "--output", str(target)]) == 2 and "--force" in _err(capsys)
    assert main(["site", "pack", "--output", str(target), "--force"]) == 0


@pytest.mark.parametrize("port", ["99999", "0", "-1"])
def test_site_port_is_checked_before_the_build(monkeypatch, capsys, port):
    def fail(**kw):
        raise AssertionError("built although the port is impossible")

    monkeypatch.setattr(site, "build", fail)
    assert main(["site", "serve", "--port", port]) == 2
    assert "--port" in _err(capsys)
