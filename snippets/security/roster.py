"""Who can sign in to the seller account, and what is wrong with it: no two-step verification, shared or
generic logins, people who left and still have access (``offboarding_access_removal`` in deadlines.yaml), too
many administrators (a number the team chooses: no marketplace rule gives one)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from snippets.errors import UserError
from snippets.facts import load_deadlines
from snippets.orders.tables import parse_times, read_export
from snippets.orders.values import as_of_day

NO_2SV = re.compile(r"^(|none|no|off|disabled|false|n/a|-|无|未开启|未设置|关闭)$", re.I)
GENERIC = re.compile(r"\b(admin|administrator|warehouse|cs|service|support|team|office|shared|info|sales|ops|"
                     r"operations?|staff|account|test|temp|guest)\b|仓库|客服|公共|共用|运营|测试", re.I)
ACTIVE = re.compile(r"^(active|enabled|on|yes|正常|启用|在职|有效)$", re.I)
ADMIN = re.compile(r"admin|administrator|owner|primary|全部权限|管理员|主账号", re.I)
TEXT = {
    "zh": {"name": "姓名", "login": "登录名", "role": "角色", "problem": "问题", "no_2sv": "未开启两步验证",
           "shared": "共用或通用账号", "departed": "已离职 {days} 天仍可登录", "admins": "管理员 {n} 人，超过设定的 {max} 人",
           "ok": "没有发现问题。"},
    "en": {"name": "Name", "login": "Login", "role": "Role", "problem": "Problem", "no_2sv": "no two-step verification",
           "shared": "shared or generic login", "departed": "left {days} days ago and can still sign in",
           "admins": "{n} administrators, more than the {max} you allow", "ok": "No problem found."},
}


def read_roster(path: str | Path) -> pd.DataFrame:
    path = Path(path)
    df = read_export(path, "roster", "a user roster")
    left = df["date_left"].copy()
    left.attrs["rows"] = df.attrs["rows"]
    return pd.DataFrame({"name": df["name"].fillna("").astype(str), "login": df["login"].fillna("").astype(str),
                         "role": df["role"].fillna("").astype(str), "two_step": df["two_step"].fillna("").astype(str),
                         "status": df["status"].fillna("").astype(str),
                         "left": parse_times(left, path, "date left", required=False)})


def audit(roster: pd.DataFrame, as_of: str | pd.Timestamp | None = None, max_admins: int = 2) -> pd.DataFrame:
    """One row per problem: name, login, role, problem code and details (days since leaving, admin count)."""
    as_of = as_of_day(as_of) if isinstance(as_of, str) else as_of
    if as_of is None:
        as_of = pd.Timestamp.now(tz="UTC").normalize()
    if isinstance(max_admins, bool) or not isinstance(max_admins, int) or max_admins < 0:
        raise UserError(f"max_admins={max_admins!r}: give how many administrators you allow, 0 or more.")
    grace = pd.Timedelta(hours=load_deadlines()["offboarding_access_removal"].hours())
    active = roster["status"].str.strip().str.match(ACTIVE)
    rows: list[tuple[int, str, int | None]] = []
    for i, u in roster.iterrows():
        if not active[i]:
            continue
        if NO_2SV.match(u["two_step"].strip()):
            rows.append((i, "no_2sv", None))
        if GENERIC.search(u["name"]) or GENERIC.search(u["login"].split("@")[0].replace(".", " ").replace("-", " ")):
            rows.append((i, "shared", None))
        if pd.notna(u["left"]) and as_of - u["left"] > grace:
            rows.append((i, "departed", int((as_of - u["left"]).days)))
    admins = roster[active & roster["role"].str.contains(ADMIN)]
    if len(admins) > max_admins:
        rows += [(i, "admins", len(admins)) for i in admins.index]
    out = pd.DataFrame(rows, columns=["user", "problem", "detail"])
    out = out.join(roster[["name", "login", "role"]], on="user")
    out.attrs["max_admins"] = max_admins
    return out


def audit_table(problems: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    t = TEXT[lang]

    def words(r):
        if r.problem == "departed":
            return t["departed"].format(days=int(r.detail))
        if r.problem == "admins":
            return t["admins"].format(n=int(r.detail), max=problems.attrs.get("max_admins"))
        return t[r.problem]

    return pd.DataFrame({t["name"]: problems["name"], t["login"]: problems["login"], t["role"]: problems["role"],
                         t["problem"]: [words(r) for r in problems.itertuples()]})


def summary(problems: pd.DataFrame) -> dict:
    counts = problems.drop_duplicates(["user", "problem"])["problem"].value_counts()
    return {k: int(counts.get(k, 0)) for k in ("no_2sv", "shared", "departed", "admins")}
