"""Shared fixtures: one real, cold, strict build of the book per test session, served on
localhost, and Debian's Chromium driven by Playwright.

Nothing is mocked: the build is ``jupyter-book build <copy> -W -n --keep-going``, exactly as
``make book`` runs it, in a fresh copy of the repository (tracked and untracked, non-ignored
files; no _build, so no execution cache is reused). Building a copy lets the PDF reuse the
same execution cache, and lets a test edit a chapter without touching the work tree.

The builds run beside the tests, not before them: the session starts the book's build and the
second clean build (test_rebuilds.py) at once, in the background, and then the PDF and the
EPUB (and the figure audit, ``AFTER_BOOK``) as soon as the book is built, each only if a
collected test needs it; the tests that need no build run first
(``pytest_collection_modifyitems``). A build is a subprocess, so the tests go on while it runs,
and a fixture waits for its build only when a test asks for it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MAIN_CHAPTERS = ["election", "repression", "russia", "west", "outlook"]
STRICT = ["-W", "-n", "--keep-going"]

# Serving, Chromium, Lighthouse and the build steps are shared with the benchmark (bench/).
sys.path.insert(0, str(ROOT / "bench"))
import browser as bench  # noqa: E402
import builds  # noqa: E402
import reach  # noqa: E402

serve = bench.serve
CHROMIUM, CHROMIUM_ARGS = bench.CHROMIUM, bench.CHROMIUM_ARGS


@dataclass
class Build:
    returncode: int
    log: str
    source: Path
    html: Path
    root: Path


def run_build(source: Path, builder: str = "html", fresh: bool = True) -> Build:
    """Build the book in ``source`` (a copy of the repository) into ``source/_build``. ``fresh``
    removes any earlier output first, execution cache included."""
    if fresh:
        shutil.rmtree(source / "_build", ignore_errors=True)
    command = [str(BIN / "jupyter-book"), "build", str(source), *STRICT]
    if builder == "epub":
        command += ["--builder", "custom", "--custom-builder", "epub"]
    elif builder != "html":
        command += ["--builder", builder]
    done = subprocess.run(command, capture_output=True, text=True, cwd=source, env={**os.environ, "PYTHONHASHSEED": "0"})
    return Build(done.returncode, done.stdout + done.stderr, source, source / "_build" / "html", source / "_build")


def fresh_copy(tmp_path_factory, name: str) -> Path:
    return builds.copy_repo(ROOT, tmp_path_factory.mktemp(name) / "book")


class Started:
    """Work started now in a thread and awaited later (``wait``), its error raised there."""

    def __init__(self, work, *args):
        self._result, self._error = None, None
        self._thread = threading.Thread(target=self._run, args=(work, *args), daemon=True)
        self._thread.start()

    def _run(self, work, *args):
        try:
            self._result = work(*args)
        except BaseException as err:  # noqa: BLE001  (raised again in wait)
            self._error = err

    def wait(self):
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._result


#: The session's builds, by what needs them: a test that uses one of these fixtures (directly or
#: through another) needs that build.
BUILDS = ("book", "second", "pdf", "epub")
#: Work that starts in the background as soon as the book is built, by the name of the session
#: fixture that awaits it (its result: ``started.running[name].wait()``); a test module adds its
#: own (test_figures.py: the figure audit, in a browser of its own). Each starts only if a
#: collected test uses its fixture.
AFTER_BOOK: dict = {}


@dataclass
class Jobs:
    wanted: set[str]                                        # the builds the collected tests need
    running: dict[str, Started] = field(default_factory=dict)  # those started, by name


def wanted_builds(items) -> set[str]:
    return {name for item in items for name in item.fixturenames if name in BUILDS or name in AFTER_BOOK}


def pytest_collection_modifyitems(session, config, items):
    """The tests that need no build first, while the builds run (a stable sort: the order within
    each group is pytest's own)."""
    items.sort(key=lambda item: bool(wanted_builds([item])))


@pytest.fixture(scope="session", autouse=True)
def started(request, tmp_path_factory):
    """Start the book's build and the second clean build, in the background, as the session
    starts (each only if a collected test needs it); no build outlives the session."""
    jobs = Jobs(wanted_builds(request.session.items))
    if jobs.wanted & {"book", "pdf", "epub", *AFTER_BOOK}:
        jobs.running["book"] = Started(build_the_book, fresh_copy(tmp_path_factory, "book"), jobs)
    if "second" in jobs.wanted:
        jobs.running["second"] = Started(run_build, fresh_copy(tmp_path_factory, "again"))
    yield jobs
    waited: set[str] = set()
    while set(jobs.running) - waited:  # the book's build may start more as it ends
        name = sorted(set(jobs.running) - waited)[0]
        waited.add(name)
        try:
            jobs.running[name].wait()
        except BaseException:  # noqa: BLE001  (a failed build has failed its tests already)
            pass


def build_the_book(source: Path, jobs: Jobs) -> Build:
    """The book's build; once it has passed, what follows it starts at once, in the background:
    the PDF and the EPUB, and the work of ``AFTER_BOOK``, each if wanted."""
    build = run_build(source)
    if build.returncode == 0:
        if jobs.wanted & {"pdf", "epub"}:
            jobs.running["print"] = Started(print_builds, build.source, jobs.wanted)
        for name, work in AFTER_BOOK.items():
            if name in jobs.wanted:
                jobs.running[name] = Started(work, build)
    return build


def print_builds(source: Path, wanted: set[str]) -> dict[str, Build]:
    """The PDF and the EPUB, one after the other (they share the copy's doctrees), from the
    book's copy: they reuse its execution cache, so no chapter runs again."""
    return {builder: run_build(source, builder=builder, fresh=False)
            for builder, fixture in (("pdflatex", "pdf"), ("epub", "epub")) if fixture in wanted}


@pytest.fixture(scope="session")
def book(started) -> Build:
    """The book, built once per session (the PDF, the EPUB and the figure audit follow it)."""
    return started.running["book"].wait()


@pytest.fixture(scope="session")
def second(started) -> Build:
    """A second clean build of another fresh copy (reproducibility, and the rebuilds)."""
    build = started.running["second"].wait()
    assert build.returncode == 0, build.log[-3000:]
    return build


@pytest.fixture(scope="session")
def html(book) -> Path:
    if book.returncode != 0:
        problems = [l for l in book.log.splitlines() if "WARNING" in l or "Error" in l or "error" in l]
        pytest.fail("the strict build failed:\n" + "\n".join(problems[-25:]))
    return book.html


@pytest.fixture(scope="session")
def pdf(book, html, started) -> Path:
    """The whole book as a PDF through LaTeX (xelatex), from the session's build: it reuses that
    build's execution cache, so no chapter runs twice."""
    build = started.running["print"].wait()["pdflatex"]
    assert build.returncode == 0, build.log[-4000:]
    warnings = [l for l in build.log.splitlines() if re.search(r"(WARNING|ERROR):", l)]
    assert warnings == [], warnings
    return build.root / "latex" / "belarus-2020-2025.pdf"


@pytest.fixture(scope="session")
def pdf_text(pdf) -> str:
    """The PDF's text as pdftotext lays it out."""
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="session")
def epub(book, html, started) -> Path:
    """The whole book as an EPUB, from the session's build (its execution cache, as for the PDF)."""
    build = started.running["print"].wait()["epub"]
    assert build.returncode == 0, build.log[-4000:]
    return build.root / "epub" / "belarus-2020-2025.epub"


@pytest.fixture(scope="session")
def pages(html) -> dict[str, str]:
    """Built chapter pages by name (chapters/<name>.html)."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted((html / "chapters").glob("*.html"))}


@pytest.fixture(scope="session")
def page_specs(html, pages) -> dict[str, list[dict]]:
    """The chart specs of each chapter page, by name, read from the files the page links to."""
    from belarusbook.book.assets import chart_specs

    return {name: chart_specs(text, html / "chapters" / f"{name}.html") for name, text in pages.items()}


@pytest.fixture(scope="session")
def site(html):
    with serve(html) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium when run as root")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


#: No CSS transition or animation is still running: the page is as a reader sees it once it settles.
SETTLED = "() => document.getAnimations().every((a) => a.playState !== 'running')"


#: A chart's data marks (Vega names them; decoration is hidden from assistive technology).
MARKS = "svg path[role='graphics-symbol']"


def point_at(page, mark, timeout_ms: int = 3_000) -> bool:
    """Rest the real pointer on a mark's centre; whether its evidence tooltip opened."""
    mark.scroll_into_view_if_needed()
    box = mark.bounding_box()
    if not box or box["width"] < 1 or box["height"] < 1:
        return False
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.move(x + 0.5, y)
    try:
        page.wait_for_selector("#vg-tooltip-element.visible", timeout=timeout_ms)
        return True
    except Exception:  # a mark that carries no tooltip
        return False


def open_a_tooltip(page) -> bool:
    """Point at the page's data marks, in document order, until one shows its evidence tooltip;
    whether one did. Always the same mark, so what follows does not depend on where the pointer
    happened to stop."""
    marks = page.locator(f".bb-chart {MARKS}")
    return any(point_at(page, marks.nth(i)) for i in range(min(marks.count(), 12)))


def serious(page, axe) -> list[tuple]:
    """axe's serious and critical violations on the page as painted once it has settled (after
    load the theme's colours are still fading in, and a contrast measured halfway is no reader's)."""
    page.wait_for_function(SETTLED, timeout=15_000)
    results = axe.run(page)
    return [(v["id"], v["impact"], len(v["nodes"]), v["nodes"][0]["target"])
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@dataclass
class Visit:
    url: str
    console_errors: list[str]
    external_requests: list[str]
    stills: list[str]           # the still each chart shows before a reader reaches for it
    bundle_before_reach: bool   # whether the chart library was fetched before any chart was reached
    charts: list[str]           # each chart once reached: "rendered" (drawn live) or "blank"
    violations: dict[str, list]  # with ``axe``: by state ("stills", "live" or, without charts, "page")
    tooltip: bool | None = None  # with ``axe``, on a page with charts: whether a mark's tooltip opened


def visit(browser, url: str, dark: bool = False, timeout_ms: int = 120_000, axe=None) -> Visit:
    """Open ``url`` with every request outside localhost blocked; scroll through its charts' stills,
    then reach for each chart and wait until all are drawn live. With ``axe`` (an Axe), the page
    is audited as it opens (charts as stills) and again with every chart drawn live and the
    pointer on a mark, its tooltip open, as a reader's pointer often rests."""
    context = browser.new_context(color_scheme="dark" if dark else "light", viewport={"width": 1280, "height": 900})
    external = bench.block_external(context)
    page = context.new_page()
    errors: list[str] = []
    bundle: list[str] = []
    # axe's own requests are not the page's: it fetches the stylesheets again to read them, and
    # resolves the theme's relative @import against the site's root (a 404 for /basic.css)
    auditing = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and not auditing else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: bundle.append(r.url) if "vega-charts.js" in r.url else None)

    def audit() -> list[tuple]:
        auditing.append(True)
        try:
            return serious(page, axe)
        finally:
            auditing.clear()

    page.goto(url, wait_until="load")
    stills = reach.stills_shown(page)
    before = bool(bundle)
    violations, tooltip = {}, None
    if axe is not None:
        violations["stills" if stills else "page"] = audit()
    reach.reach_charts(page, timeout_ms)
    charts = page.eval_on_selector_all(
        ".bb-chart", "els => els.map(e => e.dataset.rendered === 'true' && e.querySelector('svg') ? 'rendered' : 'blank')")
    if axe is not None and stills:
        tooltip = open_a_tooltip(page)
        violations["live"] = audit()
    context.close()
    return Visit(url, errors, external, stills, before, charts, violations, tooltip)
