"""Shared fixtures: one real, cold, strict build of the book per test session, served on
localhost, and Debian's Chromium driven by Playwright.

Nothing is mocked: the build is ``jupyter-book build . -W -n --keep-going`` into a fresh output
directory (so no execution cache is reused), exactly as ``make book`` runs it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]
MAIN_CHAPTERS = ["election", "repression", "russia", "west", "outlook"]


@dataclass
class Build:
    returncode: int
    log: str
    seconds: float
    html: Path
    root: Path


def run_build(output: Path, builder: str = "html") -> Build:
    """Build the book from this repository into ``output`` (cold: a fresh execution cache)."""
    if output.exists():
        shutil.rmtree(output)
    started = time.monotonic()
    command = [str(BIN / "jupyter-book"), "build", str(ROOT), "--path-output", str(output), "-W", "-n", "--keep-going"]
    if builder != "html":
        command += ["--builder", builder]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": "0"})
    return Build(done.returncode, done.stdout + done.stderr, time.monotonic() - started,
                 output / "_build" / "html", output / "_build")


@pytest.fixture(scope="session")
def book(tmp_path_factory) -> Build:
    """The book, built once per session."""
    return run_build(tmp_path_factory.mktemp("book"))


@pytest.fixture(scope="session")
def html(book) -> Path:
    if book.returncode != 0:
        problems = [l for l in book.log.splitlines() if "WARNING" in l or "Error" in l or "error" in l]
        pytest.fail("the strict build failed:\n" + "\n".join(problems[-25:]))
    return book.html


@pytest.fixture(scope="session")
def pages(html) -> dict[str, str]:
    """Built chapter pages by name (chapters/<name>.html)."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted((html / "chapters").glob("*.html"))}


# Serving, Chromium and Lighthouse are shared with the benchmark (bench/browser.py).
sys.path.insert(0, str(ROOT / "bench"))
import browser as bench  # noqa: E402

serve = bench.serve


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


LOCAL = re.compile(r"^(https?://(127\.0\.0\.1|localhost)(:\d+)?/|data:|blob:|about:)")


@dataclass
class Visit:
    url: str
    console_errors: list[str]
    external_requests: list[str]
    charts: list[str]
    render_ms: float | None


def visit(browser, url: str, dark: bool = False, timeout_ms: int = 15000) -> Visit:
    """Open ``url`` with every request outside localhost blocked; wait for the charts."""
    context = browser.new_context(color_scheme="dark" if dark else "light", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    external: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def route(r):
        if LOCAL.match(r.request.url):
            r.continue_()
        else:
            external.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(url, wait_until="load")
    count = page.locator(".bb-chart").count()
    render_ms = None
    if count:
        page.wait_for_function(
            "() => [...document.querySelectorAll('.bb-chart')].every(e => e.dataset.rendered)", timeout=timeout_ms)
        render_ms = page.evaluate("performance.now()")
    charts = page.eval_on_selector_all(
        ".bb-chart", "els => els.map(e => e.dataset.rendered === 'true' && e.querySelector('svg') ? 'rendered' : 'blank')")
    context.close()
    return Visit(url, errors, external, charts, render_ms)
