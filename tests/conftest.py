"""Shared fixtures: one real, cold, strict build of the book per test session, served on
localhost, and Debian's Chromium driven by Playwright.

Nothing is mocked: the build is ``jupyter-book build <copy> -W -n --keep-going``, exactly as
``make book`` runs it, in a fresh copy of the repository (tracked and untracked, non-ignored
files; no _build, so no execution cache is reused). Building a copy lets the PDF reuse the
same execution cache, and lets a test edit a chapter without touching the work tree.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]
MAIN_CHAPTERS = ["election", "repression", "russia", "west", "outlook"]
STRICT = ["-W", "-n", "--keep-going"]

# Serving, Chromium, Lighthouse and the build steps are shared with the benchmark (bench/).
sys.path.insert(0, str(ROOT / "bench"))
import browser as bench  # noqa: E402
import builds  # noqa: E402
import reach  # noqa: E402

serve = bench.serve


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


@pytest.fixture(scope="session")
def book(tmp_path_factory) -> Build:
    """The book, built once per session."""
    return run_build(fresh_copy(tmp_path_factory, "book"))


@pytest.fixture(scope="session")
def html(book) -> Path:
    if book.returncode != 0:
        problems = [l for l in book.log.splitlines() if "WARNING" in l or "Error" in l or "error" in l]
        pytest.fail("the strict build failed:\n" + "\n".join(problems[-25:]))
    return book.html


@pytest.fixture(scope="session")
def pdf(book, html) -> Path:
    """The whole book as a PDF through LaTeX (xelatex), from the session's build: it reuses that
    build's execution cache, so no chapter runs twice."""
    build = run_build(book.source, builder="pdflatex", fresh=False)
    assert build.returncode == 0, build.log[-4000:]
    warnings = [l for l in build.log.splitlines() if re.search(r"(WARNING|ERROR):", l)]
    assert warnings == [], warnings
    return build.root / "latex" / "belarus-2020-2025.pdf"


@pytest.fixture(scope="session")
def pdf_text(pdf) -> str:
    """The PDF's text as pdftotext lays it out."""
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="session")
def epub(book, html) -> Path:
    """The whole book as an EPUB, from the session's build (its execution cache, as for the PDF)."""
    build = run_build(book.source, builder="epub", fresh=False)
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


@dataclass
class Visit:
    url: str
    console_errors: list[str]
    external_requests: list[str]
    stills: list[str]           # the still each chart shows before a reader reaches for it
    bundle_before_reach: bool   # whether the chart library was fetched before any chart was reached
    charts: list[str]           # each chart once reached: "rendered" (drawn live) or "blank"


def visit(browser, url: str, dark: bool = False, timeout_ms: int = 120_000) -> Visit:
    """Open ``url`` with every request outside localhost blocked; scroll through its charts' stills,
    then reach for each chart and wait until all are drawn live."""
    context = browser.new_context(color_scheme="dark" if dark else "light", viewport={"width": 1280, "height": 900})
    external = bench.block_external(context)
    page = context.new_page()
    errors: list[str] = []
    bundle: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: bundle.append(r.url) if "vega-charts.js" in r.url else None)
    page.goto(url, wait_until="load")
    stills = reach.stills_shown(page)
    before = bool(bundle)
    reach.reach_charts(page, timeout_ms)
    charts = page.eval_on_selector_all(
        ".bb-chart", "els => els.map(e => e.dataset.rendered === 'true' && e.querySelector('svg') ? 'rendered' : 'blank')")
    context.close()
    return Visit(url, errors, external, stills, before, charts)
