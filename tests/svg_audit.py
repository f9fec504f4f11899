"""Measure the book's rendered charts as a reader sees them (item 6 of the figures issue).

Each chart page is opened in Debian's Chromium with every host but localhost cut off, at each
viewport width and colour scheme, twice: as the page opens, each chart showing its still, and once
the pointer has reached every chart and the page's script has drawn it live. Each time one script
reads the geometry and computed paint of every text and mark of every chart's SVG, and the checks
below run in Python on what it returns, so the numbers are the browser's own.

A still is measured in place, as the ``<img>`` the page shows (tests/svg_measure.py): first a
screenshot of it and the page around it, pixel by pixel; then its SVG is put inline at the size
its picture is shown, and its colours are carried to the reader through what the page does to the
``<img>`` and every ancestor: background, CSS filter (brightness, contrast, …) and opacity. A rule
of the theme that dims, tints or pads the stills (as pydata-sphinx-theme's dark mode does to
every content image) is therefore measured, not missed.

Three files, one job each: this one opens the pages and gathers what they show, svg_measure.py
holds the scripts that read the page, and svg_checks.py judges what was read (colour.py, the
WCAG colour arithmetic, is shared with the other tests).

Kinds of problem: ``render`` (a chart did not draw), ``external`` (a request to another host),
``console`` (a console error), ``theme`` (the page is not in the colour scheme asked for),
``cut`` (a text ending in "…", or running past the chart's edge or its clip), ``overlap`` (two labels of one axis, legend or text mark whose
boxes overlap by more than 1 px), ``repeat`` (an axis shows the same label twice in a row),
``wide`` (a chart wider than its column), ``scroll`` (the page scrolls sideways), ``small`` (a still
shown below 90% of the width it was painted at: its 12 px text then reads below 11 px),
``pixels`` (in the screenshot, the still's ground, along its edge, is not the page's, or no pixel of it
reaches 4.5:1 against that ground: a blank or tinted box whatever the stylesheet says),
``mark-contrast`` (marks below 3:1 against the page, WCAG 1.4.11), ``text-contrast`` (texts below
4.5:1, WCAG 1.4.3), and, from the specs, ``values`` (a chart plotting fewer than five values).

Script: ``.venv/bin/python tests/svg_audit.py <html dir> [--pages election,west]
[--widths 1300,390] [--modes light,dark] [--layers still,live]`` (default: every width and mode of the test); exit code 1 when there is any problem.
tests/test_figures.py runs the same functions on the book the test session builds.
"""

from __future__ import annotations

import argparse
import base64
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
import browser as bench  # noqa: E402  (bench/browser.py: serving, Chromium, request blocking)
import reach  # noqa: E402  (bench/reach.py: a page's charts met as a reader meets them)

from belarusbook.book.assets import chart_specs  # noqa: E402
from belarusbook.figures.render import rows as plotted_rows  # noqa: E402  (a map's boundaries are not rows)
from svg_measure import INLINE_STILLS, MEASURE, STILL_BOXES, STILL_PIXELS  # noqa: E402
from svg_checks import chart_problems, pixel_problems  # noqa: E402  (what is checked on what is measured)

KINDS = ("render", "external", "console", "theme", "values", "cut", "overlap", "repeat", "wide", "scroll",
         "small", "pixels", "mark-contrast", "text-contrast")
#: Phones (360, 390), a small tablet or a phone held sideways (640), a tablet (768), small laptops
#: (960, 1200: the column is at its narrowest beside both sidebars) and a desktop (1300).
WIDTHS, MODES, LAYERS = (360, 390, 640, 768, 960, 1200, 1300), ("light", "dark"), ("still", "live")
MIN_VALUES = 5
BAND = 8            # px of page around a still in its screenshot
RENDER_TIMEOUT_MS = 120_000  # generous: a wait, never a verdict

@dataclass(frozen=True)
class Problem:
    page: str
    figure: str
    width: int | str
    mode: str
    kind: str
    detail: str
    count: int = 1  # marks or texts summed into one line (contrast)
    layer: str = "live"  # "still" (before a reader reaches for the chart) or "live"

    def line(self) -> str:
        return f"{self.page}\t{self.figure}\t{self.width}\t{self.mode}\t{self.layer}\t{self.kind}\t{self.detail}"


def still_pixels(page) -> list[tuple[str, dict]]:
    """Each still the page shows, screenshot in place with ``BAND`` px of page around it: its
    ground, the page's and its strongest contrast with its ground (svg_measure.STILL_PIXELS)."""
    size = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
    found = []
    for still in page.evaluate(STILL_BOXES):
        if not still or still["box"][2] < 1:
            continue
        x, y, w, h = still["box"]
        x0, y0 = max(0, int(x) - BAND), max(0, int(y) - BAND)
        x1, y1 = min(size[0], int(x + w + 0.999) + BAND), min(size[1], int(y + h + 0.999) + BAND)
        png = page.screenshot(clip={"x": x0, "y": y0, "width": x1 - x0, "height": y1 - y0}, full_page=True,
                              animations="disabled", caret="hide")
        inner = [int(x) - x0, int(y) - y0, int(x + w + 0.999) - x0, int(y + h + 0.999) - y0]
        found.append((still["figure"], page.evaluate(STILL_PIXELS, [base64.b64encode(png).decode(), inner])))
    return found


def measure_page(page, url: str, name: str, width: int, mode: str, blocked: list[str],
                 layer: str = "live", styles: str = "") -> list[Problem]:
    """Open one page in ``page`` (a Playwright page of a context at this width and mode) and
    measure its charts as stills (each scrolled into view, its screenshot read, then its SVG put
    inline at the size shown) or live (each reached with the pointer, then drawn by the page's
    script). ``styles``, if given, is added to the page once it has loaded (a planted defect)."""
    problems: list[Problem] = []
    errors: list[str] = []
    on_console = lambda m: errors.append(m.text) if m.type == "error" else None  # noqa: E731
    on_error = lambda e: errors.append(str(e))  # noqa: E731
    page.on("console", on_console)
    page.on("pageerror", on_error)
    already = len(blocked)
    page.goto(url, wait_until="load")
    if styles:
        page.add_style_tag(content=styles)
    pixels = []
    try:
        if layer == "still":
            reach.stills_shown(page, timeout_ms=RENDER_TIMEOUT_MS)
            pixels = still_pixels(page)
            page.evaluate(INLINE_STILLS)
        else:
            reach.reach_charts(page, timeout_ms=RENDER_TIMEOUT_MS)
    except PlaywrightTimeout:
        pass  # the charts not drawn are reported below
    page.evaluate("document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))))")
    found = page.evaluate(MEASURE)
    page.remove_listener("console", on_console)
    page.remove_listener("pageerror", on_error)

    def add(figure: str, kind: str, detail: str, count: int = 1) -> None:
        problems.append(Problem(name, figure, width, mode, kind, detail, count, layer))

    for url_tried in blocked[already:]:
        add("-", "external", url_tried)
    for message in errors:
        add("-", "console", message[:200])
    if found["theme"] != mode:
        add("-", "theme", f'html[data-theme] is "{found["theme"]}", not "{mode}"')
    if found["scrollWidth"] > found["innerWidth"]:
        add("-", "scroll", f"the page is {found['scrollWidth']} px wide in a {found['innerWidth']} px window")
    for figure, still in pixels:
        pixel_problems(still, lambda kind, detail, count=1, f=figure: add(f, kind, detail, count))
    for chart in found["charts"]:
        if chart["rendered"] != "true":
            add(chart["figure"], "render", f'data-rendered is "{chart["rendered"]}"')
            continue
        chart_problems(chart, lambda kind, detail, count=1, f=chart["figure"]: add(f, kind, detail, count))
    return problems


def audit(chromium, base_url: str, pages: list[str], widths=WIDTHS, modes=MODES, layers=LAYERS,
          styles: str = "") -> list[Problem]:
    """Every chart of ``pages`` (paths under ``base_url``, e.g. chapters/west.html), measured in
    one browser context per width and mode, as stills and live (``styles``: see measure_page)."""
    problems = []
    for width in widths:
        for mode in modes:
            context = chromium.new_context(viewport={"width": width, "height": 900}, color_scheme=mode)
            blocked = bench.block_external(context)
            page = context.new_page()
            for path in pages:
                for layer in layers:
                    problems += measure_page(page, f"{base_url}/{path}", Path(path).stem, width, mode, blocked, layer,
                                             styles)
            context.close()
    return problems


# --- the specs -----------------------------------------------------------------------------------

def mark_types(node) -> set[str]:
    """Every mark type anywhere in a spec (layers, concatenations, facets)."""
    if isinstance(node, list):
        return set().union(*map(mark_types, node))
    if not isinstance(node, dict):
        return set()
    mark = node.get("mark")
    kind = mark.get("type") if isinstance(mark, dict) else mark
    return ({kind} - {None}) | set().union(*(mark_types(v) for v in node.values()))


def chart_specs_by_page(html_dir: Path) -> dict[str, list[dict]]:
    """The chart specs of every built page that has charts, by path relative to ``html_dir``."""
    found = {}
    for path in sorted(Path(html_dir).rglob("*.html")):
        specs = chart_specs(path.read_text(encoding="utf-8"), path)
        if specs:
            found[path.relative_to(html_dir).as_posix()] = specs
    return found


def spec_problems(specs_by_page: dict[str, list[dict]]) -> list[Problem]:
    problems = []
    for path, specs in specs_by_page.items():
        for spec in specs:
            count = len(plotted_rows(spec))
            if count < MIN_VALUES:
                problems.append(Problem(Path(path).stem, spec["usermeta"]["figure"], "-", "-", "values",
                                        f"plots {count} values (fewer than {MIN_VALUES})"))
    return problems


def summary(problems: list[Problem]) -> str:
    counts = Counter()
    for p in problems:
        counts[p.kind] += p.count
    return "\n".join(f"{kind:14} {counts[kind]}" for kind in KINDS)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html", type=Path, help="a built book's HTML folder (…/_build/html)")
    parser.add_argument("--pages", help="page names, e.g. election,west (default: every page with charts)")
    parser.add_argument("--widths", default=",".join(map(str, WIDTHS)))
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--layers", default=",".join(LAYERS), help="still, live or both")
    args = parser.parse_args(argv)
    specs = chart_specs_by_page(args.html)
    if args.pages:
        wanted = set(args.pages.split(","))
        specs = {path: s for path, s in specs.items() if Path(path).stem in wanted}
    problems = spec_problems(specs)
    with bench.serve(args.html) as url, sync_playwright() as p:
        chromium = bench.launch_chromium(p)
        problems += audit(chromium, url, list(specs), [int(w) for w in args.widths.split(",")], args.modes.split(","),
                          args.layers.split(","))
        chromium.close()
    for problem in problems:
        print(problem.line())
    print(f"\n{sum(len(s) for s in specs.values())} charts on {len(specs)} pages; problems by kind:")
    print(summary(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
