"""The chapters in JupyterLab, as a Binder reader runs them: this environment's ``jupyter lab``
with postBuild applied (jupytext opens a chapter's .md as a notebook), driven by Debian's Chromium.

For each chapter with charts: open it, Run → Run All Cells, wait for the kernel to finish, then
require no error output, every chart drawn (an SVG or canvas of readable size, text readable on
the page), its tooltip with the source's quote, no request to another host, a chart that changes
when the reader edits a cell and re-runs it, and the file unchanged on disk after saving. One
chapter again in JupyterLab's dark theme. And every chapter saved through the server's contents
API (what JupyterLab's save does) comes back byte-identical.

Waits are on state, never on time: the kernel idle with no cell pending, each chart's SVG present.
"""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import pytest

from conftest import ROOT, bench, builds
from colour import TEXT_RATIO, ratio as contrast
from lab_helpers import chart_cells, jupyterlab

pytestmark = pytest.mark.lab

CHAPTERS = sorted((ROOT / "chapters").glob("*.md"))
WITH_CHARTS = [p.stem for p in CHAPTERS if chart_cells(p)]
READABLE_WIDTH = 300   # px: no chart is drawn narrower than this (the book's are 400-620)
LIMIT_MS = 180_000     # how long one step may take at most (a chapter runs in 10-40 s here); a limit, not a measurement
EDITED = "Edited in JupyterLab"

STDERR = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
KERNEL = ".jp-NotebookPanel-toolbar .jp-Notebook-ExecutionIndicator"
CHART = ".jp-RenderedVegaLite"
DRAWN = ".vega-embed svg.marks, .vega-embed canvas.marks"
NAMED = f'{CHART} [role="graphics-document"]'  # where vega-embed puts a chart's accessible name

KERNEL_READY = f"""n => {{
  const name = document.querySelector('.jp-NotebookPanel-toolbar .jp-KernelName')?.textContent || 'No Kernel';
  return document.querySelectorAll('.jp-Notebook .jp-CodeCell').length === n && name !== 'No Kernel'
    && document.querySelector('{KERNEL}')?.dataset.status === 'idle'
    && [...document.querySelectorAll('.jp-StatusBar-TextItem')].some(e => e.textContent === name + ' | Idle');
}}"""
# The kernel has finished Run All: it is idle, no cell is pending ("[*]"), and either every
# cell has run or one failed (the cells after a failure never run).
RUN_DONE = f"""() => {{
  const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')].map(p => p.textContent);
  const kernel = document.querySelector('{KERNEL}');
  if (!prompts.length || !kernel || kernel.dataset.status !== 'idle' || prompts.some(p => p.includes('*'))) return false;
  return prompts.every(p => /\\[\\d+\\]/.test(p)) || document.querySelectorAll('{STDERR}').length > 0;
}}"""
CHARTS_DRAWN = f"""n => document.querySelectorAll('{STDERR}').length > 0 ||
  (document.querySelectorAll('{CHART}').length === n &&
   [...document.querySelectorAll('{CHART}')].every(c => c.querySelector('{DRAWN}')))"""
# Every visible piece of text in a chart: its colour as drawn, and the colour behind it.
TEXT_COLOURS = """chart => {
  let back = chart, colour = 'rgba(0, 0, 0, 0)';
  while (back && /rgba\\(.*, 0\\)$|transparent/.test(colour = getComputedStyle(back).backgroundColor)) back = back.parentElement;
  return [...chart.querySelectorAll('svg text')]
    .filter(t => t.textContent.trim() && getComputedStyle(t).fill.startsWith('rgb')
                 && getComputedStyle(t).opacity !== '0' && getComputedStyle(t).fillOpacity !== '0')
    .map(t => [t.textContent, getComputedStyle(t).fill, colour]);
}"""


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    work = tmp_path_factory.mktemp("lab")
    root = builds.copy_repo(ROOT, work / "repo")  # no _build; saving cannot touch the work tree
    with jupyterlab(root, work / "home") as server:
        yield server


def _open(browser, lab, chapter: str):
    """A fresh browser page on the chapter, every request off localhost blocked and recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    seen = {"external": bench.block_external(context), "errors": []}
    page = context.new_page()
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    code_cells = sum(c.cell_type == "code" for c in jupytext.read(lab.root / "chapters" / f"{chapter}.md").cells)
    page.goto(lab.page_url(f"chapters/{chapter}.md"))
    # Opened as a notebook, every code cell there, and its kernel started, connected and idle
    # (Run All before that asks the reader to choose a kernel).
    page.wait_for_function(KERNEL_READY, arg=code_cells, timeout=LIMIT_MS)
    return context, page, seen


def _run_all(page, figures: int) -> None:
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.locator('li[data-command="runmenu:run-all"]').click()
    page.wait_for_function(RUN_DONE, timeout=LIMIT_MS)
    page.wait_for_function(CHARTS_DRAWN, arg=figures, timeout=LIMIT_MS)


def _outcome(page) -> dict:
    """Errors, cells that never ran, and each chart's drawn size and text colours."""
    charts = []
    for i in range(page.locator(CHART).count()):
        chart = page.locator(CHART).nth(i)
        chart.scroll_into_view_if_needed()
        drawn = chart.locator(DRAWN).first
        box = drawn.bounding_box()
        charts.append({"element": drawn.evaluate("e => e.tagName.toLowerCase()"),
                       "width": box["width"] if box else 0, "height": box["height"] if box else 0,
                       "texts": chart.evaluate(TEXT_COLOURS)})
    texts = "els => els.map(e => e.textContent)"  # innerText is empty for cells scrolled out of view
    return {
        # what the outputs are drawn by: JupyterLab draws the richest type it knows, so a chart
        # carrying HTML (the book build's) would show as HTML, not through its Vega 5 renderer
        "vega5": page.locator(f"{CHART}.jp-RenderedVegaCommon5").count(),
        "html": page.locator('.jp-Notebook .jp-OutputArea-output[data-mime-type="text/html"]').count(),
        "errors": page.locator(STDERR).evaluate_all(texts),
        "not_run": [p for p in page.locator(".jp-Notebook .jp-CodeCell .jp-InputPrompt").evaluate_all(texts)
                    if not re.search(r"\[\d+\]", p)],
        "charts": charts,
    }


def _check(outcome: dict, seen: dict, figures: list[str]) -> None:
    assert outcome["errors"] == [], outcome["errors"][0][-3000:]
    assert outcome["not_run"] == []
    assert len(outcome["charts"]) == len(figures), figures
    assert outcome["vega5"] == len(figures) and outcome["html"] == 0, (outcome["vega5"], outcome["html"])
    for figure, chart in zip(figures, outcome["charts"]):
        assert chart["width"] >= READABLE_WIDTH and chart["height"] > 0, (figure, chart["width"], chart["height"])
        assert chart["texts"], figure
        poor = [(text, fill, back) for text, fill, back in chart["texts"] if contrast(fill, back) < TEXT_RATIO]
        assert poor == [], (figure, poor[:5])
    assert seen["external"] == []
    assert seen["errors"] == []


def _tooltip_quotes(page) -> str:
    """Hover the first mark that has a tooltip (Vega-Lite names the tooltip's fields in the mark's
    accessible description) and that nothing covers at its centre; return the tooltip's text."""
    marks = page.locator(f'{CHART} svg path[aria-label*="Source says"]')
    for i in range(marks.count()):
        mark = marks.nth(i)
        mark.scroll_into_view_if_needed()
        box = mark.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        if mark.evaluate("(e, [x, y]) => document.elementFromPoint(x, y) === e", [x, y]):
            page.mouse.move(x, y)
            page.mouse.move(x + 0.5, y)
            page.wait_for_selector("#vg-tooltip-element.visible", timeout=LIMIT_MS)
            return page.locator("#vg-tooltip-element").inner_text()
    raise AssertionError("no uncovered mark with a tooltip")


def _save(page) -> None:
    page.keyboard.press("Escape")  # from editing a cell to the notebook; File → Save's shortcut
    page.keyboard.press("Control+s")
    page.wait_for_function("() => !document.querySelector('.lm-TabBar-tab.jp-mod-current.jp-mod-dirty')",
                           timeout=LIMIT_MS)


def _set_source(page, cell, source: str) -> None:
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(source)


def _edit_and_rerun(page, path: Path, figure: str) -> str:
    """Change the description of the chart ``figure`` in its cell (its ``what=``), re-run the
    cell, and return the accessible name of the chart drawn then; put the cell back as it was."""
    notebook = jupytext.read(path)
    source = next(c.source for c in notebook.cells if c.cell_type == "code" and figure in c.source)
    edited, count = re.subn(r'what="[^"]*"', f'what="{EDITED}"', source)
    assert count == 1, f"{figure}: no what=... to edit"
    cell = page.locator(".jp-Notebook .jp-CodeCell").filter(has_text=f'"{figure}"').first
    _set_source(page, cell, edited)
    page.keyboard.press("Shift+Enter")
    # The cell stays; its output is replaced by the new chart (or an error).
    page.wait_for_function(
        f"""c => c.querySelector('{STDERR}') || [...c.querySelectorAll('{NAMED}')]
              .some(s => (s.getAttribute('aria-label') || '').includes('{EDITED}'))""",
        arg=cell.element_handle(), timeout=LIMIT_MS)
    assert cell.locator(STDERR).count() == 0, cell.locator(STDERR).evaluate_all("els => els.map(e => e.textContent)")
    label = cell.locator(NAMED).first.get_attribute("aria-label")
    _set_source(page, cell, source)
    return label


@pytest.mark.parametrize("chapter", WITH_CHARTS)
def test_every_chart_is_drawn_in_jupyterlab(lab, browser, chapter):
    path = lab.root / "chapters" / f"{chapter}.md"
    before = path.read_bytes()
    figures = chart_cells(path)
    context, page, seen = _open(browser, lab, chapter)
    try:
        _run_all_and_check(page, seen, figures, light=True)
        _save(page)
        assert path.read_bytes() == before, "saving the run chapter changed the file"

        assert EDITED in _edit_and_rerun(page, path, figures[0])
        if chapter == "timeline":
            _interactive_filter_works(page)
        _save(page)
        assert path.read_bytes() == before, "the chapter is not as it was after the edit was undone"
        assert seen["external"] == [] and seen["errors"] == []
    finally:
        context.close()
        lab.stop_kernels()


def _run_all_and_check(page, seen, figures, light: bool) -> None:
    """Run All in the theme expected, then every chart drawn and readable, with its quote."""
    assert page.evaluate("document.body.dataset.jpThemeLight") == ("true" if light else "false")
    _run_all(page, len(figures))
    _check(_outcome(page), seen, figures)
    assert "Source says" in _tooltip_quotes(page)


def _interactive_filter_works(page) -> None:
    """The timeline's theme menu (a Vega-Lite selection bound to a select) filters its marks."""
    chart = page.locator(CHART).filter(has=page.locator(".vega-bind select")).first
    marks = "c => c.querySelectorAll('svg .mark-symbol path').length"
    everything = chart.evaluate(marks)
    chart.locator(".vega-bind select").select_option(index=1)
    page.wait_for_function(f"([c, n]) => ({marks})(c) < n", arg=[chart.element_handle(), everything],
                           timeout=LIMIT_MS)
    assert 0 < chart.evaluate(marks) < everything


def test_charts_are_drawn_and_readable_in_the_dark_theme(lab, browser):
    chapter = "west" if "west" in WITH_CHARTS else WITH_CHARTS[0]
    figures = chart_cells(lab.root / "chapters" / f"{chapter}.md")
    lab.set_theme("JupyterLab Dark")
    try:
        context, page, seen = _open(browser, lab, chapter)
        try:
            _run_all_and_check(page, seen, figures, light=False)
        finally:
            context.close()
            lab.stop_kernels()
    finally:
        lab.set_theme("JupyterLab Light")


@pytest.mark.parametrize("chapter", [p.stem for p in CHAPTERS])
def test_saving_a_chapter_through_jupyterlab_leaves_it_byte_identical(lab, chapter):
    """JupyterLab saves a notebook by PUTting its model to the contents API, which jupytext
    writes back as MyST markdown. Before that, starting the kernel has set the notebook's
    kernelspec to the kernel's own name, display name and language, in that order."""
    path = f"chapters/{chapter}.md"
    before = (lab.root / path).read_bytes()
    model = lab.api("GET", f"api/contents/{path}?type=notebook&content=1")
    assert model["type"] == "notebook"
    name = model["content"]["metadata"]["kernelspec"]["name"]
    spec = lab.api("GET", "api/kernelspecs")["kernelspecs"][name]["spec"]
    model["content"]["metadata"]["kernelspec"] = {"name": name, "display_name": spec["display_name"],
                                                  "language": spec["language"]}
    lab.api("PUT", f"api/contents/{path}", {"type": "notebook", "format": "json", "content": model["content"]})
    assert (lab.root / path).read_bytes() == before
