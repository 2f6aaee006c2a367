"""The playbook runner: parameters read from the tagged cell, checked (unknown names, wrong types, report
names), `playbook list`, and `--each` over many stores that carries on past a broken one."""

from __future__ import annotations

import nbformat
import pytest

from snippets.cli import main
from snippets.errors import UserError
from snippets.playbooks.params import check_parameters, read_parameters
from snippets.playbooks.runner import find_playbook, list_playbooks
from snippets.sample_data import write_sample_data

NAMES = [p.stem for p in list_playbooks()]


def nb_of(name):
    return nbformat.read(find_playbook(name), as_version=4)


@pytest.mark.parametrize("name", NAMES)
def test_every_parameter_has_a_type_a_default_and_a_description(name):
    params = read_parameters(nb_of(name))
    assert params, f"{name}: no parameters read"
    for p in params:
        assert p.help, f"{name}: parameter {p.name} has no comment saying what it is"
        assert p.default is None and p.optional or isinstance(p.default, {"str": str, "int": int, "float": float, "bool": bool}[p.type])
    assert "lang" in {p.name for p in params}, f"{name}: every playbook takes lang"


def test_list_shows_parameters_types_and_defaults(capsys):
    assert main(["playbook", "list"]) == 0
    out = capsys.readouterr().out
    for name in NAMES:
        assert name in out
    assert "days" in out and "int" in out and "default 60" in out
    assert "cases_file" in out and "str or None" in out


def test_unknown_parameter_is_refused_with_the_valid_ones(capsys):
    code = main(["playbook", "run", "orders-per-day", "-p", "order_file=x.txt"])
    err = capsys.readouterr().err
    assert code == 2
    assert "order_file" in err and "orders_file" in err and "days" in err and "Traceback" not in err


@pytest.mark.parametrize("value", ["many", "7.5", "True", "1e999"])
def test_wrong_type_is_exit_2(capsys, value):
    assert main(["playbook", "run", "orders-per-day", "-p", f"days={value}"]) == 2
    err = capsys.readouterr().err
    assert "days" in err and "int" in err


def test_values_take_the_declared_type():
    nb = nb_of("orders-per-day")
    assert check_parameters(nb, {"days": "7", "orders_file": "None", "tz": "'Asia/Shanghai'"}, "orders-per-day") == \
        {"days": 7, "orders_file": None, "tz": "Asia/Shanghai"}
    with pytest.raises(UserError, match="max_admins"):
        check_parameters(nb_of("security-audit"), {"max_admins": "two"}, "security-audit")


@pytest.mark.parametrize("name", ["report.txt", "report", "report.htm.exe"])
def test_report_must_be_html_or_ipynb(tmp_path, capsys, name):
    assert main(["playbook", "run", "orders-per-day", "-o", str(tmp_path / name)]) == 2
    assert ".html" in capsys.readouterr().err


def test_bad_language_is_refused(capsys):
    assert main(["playbook", "run", "dispute-triage", "-p", "lang=fr"]) == 2
    assert "zh or en" in capsys.readouterr().err


def test_each_store_runs_past_a_broken_one(tmp_path, capsys):
    """Three stores, one with a broken file: two reports, one clear failure, the summary, exit 1."""
    good = write_sample_data(tmp_path / "data", n_orders=300)
    broken = tmp_path / "broken.csv"
    broken.write_text("this,is\nnot,a claims export\n", encoding="utf-8")
    stores = tmp_path / "stores.csv"
    stores.write_text("store,cases_file,lang\n"
                      f"US main,{good['claims']},en\n"
                      f"UK,{broken},en\n"
                      f"DE,{good['claims']},zh\n", encoding="utf-8")
    out = tmp_path / "reports"
    out.mkdir()
    code = main(["playbook", "run", "dispute-triage", "--each", str(stores), "-o", str(out), "--jobs", "2"])
    captured = capsys.readouterr()
    assert code == 1
    assert sorted(p.name for p in out.iterdir()) == ["DE.html", "US-main.html"]
    lines = captured.out.strip().splitlines()
    assert lines[0].split()[:3] == ["store", "status", "seconds"]
    rows = {line.split("  ")[0].strip(): line for line in lines[1:]}
    assert "ok" in rows["US main"] and "open" in rows["US main"], "headline figures in the summary"
    assert "failed" in rows["UK"]
    assert "UK" in captured.err and "broken.csv" in captured.err and "no column for" in captured.err
    assert "Traceback" not in captured.err
    assert "3/3" in captured.err, "progress shows every store"
    de = (out / "DE.html").read_text(encoding="utf-8")
    assert "纠纷分诊" in de and "Dispute triage" not in de


def test_each_checks_every_row_before_running(tmp_path, capsys):
    stores = tmp_path / "stores.csv"
    stores.write_text("store,days\nA,7\nB,seven\n", encoding="utf-8")
    out = tmp_path / "r"
    out.mkdir()
    assert main(["playbook", "run", "orders-per-day", "--each", str(stores), "-o", str(out)]) == 2
    assert "row 3" in capsys.readouterr().err and not list(out.iterdir())
    stores.write_text("store,no_such\nA,1\n", encoding="utf-8")
    assert main(["playbook", "run", "orders-per-day", "--each", str(stores), "-o", str(out)]) == 2
    assert "orders_file" in capsys.readouterr().err
