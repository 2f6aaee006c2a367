"""Search quality: the question set (``tests/data/search_questions.yaml``), the ranked results the site's real
search box shows for a question, and the figures (hit@1, hit@3, mean reciprocal rank).

The browser part takes a Playwright page from the caller (tests/test_search_quality.py,
benchmarks/search_quality.py); nothing here imports Playwright.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import yaml

from snippets.errors import UserError

QUESTIONS_FILE = Path(__file__).resolve().parent.parent / "tests" / "data" / "search_questions.yaml"
LANGS = ("zh", "en")
READY = "() => !/初始化|Initializing/.test(document.querySelector('.md-search-result__meta').textContent)"


@dataclass(frozen=True)
class Question:
    lang: str
    text: str
    target: str  # page path under the language root, directory URL, optional "#section"

    @property
    def page(self) -> str:
        return self.target.split("#", 1)[0]

    def exists_in(self, site_dir: Path) -> bool:
        """Whether the page the question needs is in this build (other branches write some of them)."""
        return (site_dir / self.lang / self.page / "index.html").is_file()

    def matches(self, path: str, fragment: str = "") -> bool:
        """Whether a result link (path under /LANG/, fragment) is the target page or section."""
        if path.lstrip("/") != f"{self.lang}/{self.page}".rstrip("/") + "/" and not (
                self.page == "" and path.strip("/") == self.lang):
            return False
        return "#" not in self.target or fragment == self.target.split("#", 1)[1]


def load_questions(path: Path = QUESTIONS_FILE) -> list[Question]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise UserError(f"{path}: cannot read the search questions: {err}") from err
    out = []
    for lang in LANGS:
        for n, entry in enumerate(raw.get(lang) or [], 1):
            if not isinstance(entry, dict) or not entry.get("q") or "page" not in entry:
                raise UserError(f"{path}: {lang} question {n}: needs `q` and `page`")
            out.append(Question(lang, str(entry["q"]), str(entry["page"])))
    return out


def ranked_results(page, base_url: str, lang: str, query: str) -> list[list[tuple[str, str]]]:
    """Type ``query`` into the search box of ``base_url/lang/`` and return the result items in rank order,
    each as its links (path, fragment): the page first, then the sections Material lists under it."""
    meta = "document.querySelector('.md-search-result__meta').textContent.trim()"
    if not page.url.startswith(f"{base_url}/{lang}/"):
        page.goto(f"{base_url}/{lang}/")
        page.locator("input.md-search__input").click()
        page.wait_for_function(READY, timeout=20_000)
        page.evaluate(f"() => {{ window.__idleMeta = {meta} }}")  # "type to start searching"
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.dispatch_event("keyup")
    page.wait_for_function(f"() => {meta} === window.__idleMeta", timeout=10_000)
    box.fill(query)
    box.dispatch_event("keyup")
    page.wait_for_function(f"() => {meta} !== window.__idleMeta", timeout=10_000)
    page.wait_for_timeout(50)
    items = page.eval_on_selector_all(
        ".md-search-result__item",
        "els => els.map(li => Array.from(li.querySelectorAll('a')).map(a => a.href))")
    return [[(urlparse(h).path, urlparse(h).fragment) for h in links] for links in items]


def rank_of(question: Question, results: list[list[tuple[str, str]]]) -> int | None:
    """1-based rank of the first result item that holds the target page or section, or None."""
    for rank, links in enumerate(results, 1):
        if any(question.matches(path, frag) for path, frag in links):
            return rank
    return None


@dataclass(frozen=True)
class Figures:
    lang: str
    asked: int
    skipped: int
    hit1: float
    hit3: float
    mrr: float
    misses: tuple[tuple[str, str, int | None], ...]  # (question, target, rank) not in the top three
    top: dict = field(default_factory=dict, compare=False)  # question -> the first three result pages

    def line(self) -> str:
        return (f"{self.lang}: {self.asked} questions ({self.skipped} skipped, page absent) "
                f"hit@1 {self.hit1:.0%}  hit@3 {self.hit3:.0%}  MRR {self.mrr:.2f}")


def score(lang: str, ranks: dict[Question, int | None], skipped: int) -> Figures:
    asked = len(ranks)
    if not asked:
        return Figures(lang, 0, skipped, 0.0, 0.0, 0.0, ())
    values = list(ranks.values())
    return Figures(
        lang=lang, asked=asked, skipped=skipped,
        hit1=sum(r == 1 for r in values) / asked,
        hit3=sum(r is not None and r <= 3 for r in values) / asked,
        mrr=sum(1 / r for r in values if r) / asked,
        misses=tuple((q.text, q.target, r) for q, r in ranks.items() if r is None or r > 3))


def section_stand_in(question: Question, site_dir: Path) -> Question:
    """The question aimed at its section's index page when its own page is not in this build (a rougher,
    separately reported figure for branches that do not have every page yet)."""
    if question.exists_in(site_dir) or "/" not in question.page.rstrip("/"):
        return question
    return Question(question.lang, question.text, question.page.split("/", 1)[0] + "/")


def evaluate(page, base_url: str, site_dir: Path, lang: str, questions: list[Question] | None = None,
             stand_in: bool = False) -> Figures:
    """Ask every question of ``lang`` whose page is in ``site_dir`` and score the ranks. With ``stand_in``,
    a question whose page is absent targets its section's index page instead."""
    questions = [q for q in (questions or load_questions()) if q.lang == lang]
    if stand_in:
        questions = [section_stand_in(q, site_dir) for q in questions]
    present = [q for q in questions if q.exists_in(site_dir)]
    ranks, top = {}, {}
    for q in present:
        results = ranked_results(page, base_url, lang, q.text)
        ranks[q] = rank_of(q, results)
        top[q.text] = [links[0][0] for links in results[:3] if links]
    figures = score(lang, ranks, skipped=len(questions) - len(present))
    figures.top.update(top)
    return figures
