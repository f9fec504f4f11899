"""The baseline: what the book would be with Altair's default renderer, for comparison.

chapters/repression.md alone (a _toc.yml of just that chapter), its ``bb.enable()`` replaced by
the theme only and ``alt.renderers.enable("default")``: Altair's own HTML, which loads vega,
vega-lite and vega-embed from cdn.jsdelivr.net. Built without -W (its cross-references to the
chapters left out are warnings there), then measured like the book's pages, with the network
blocked: the offline (or blocked) reader's reality. Not a goal; a point of comparison.
"""

from __future__ import annotations

from pathlib import Path

import lighthouse
import pages
from browser import BenchError, serve
from builds import jupyter_book_build, make_book_copy
from common import log, strip_base

CHAPTER = "chapters/repression"
# Altair's default HTML: vega-embed adds class "vega-embed" when it draws; a failed script load
# puts <div class="error"> inside the chart's div.
ALTAIR_CHARTS = {"charts": '[id^="altair-viz-"]', "drawn": '[id^="altair-viz-"].vega-embed',
                 "failed": '[id^="altair-viz-"] > .error'}
SETUP = ('import altair as alt\nfrom belarusbook.figures import theme\ntheme.register()\n'
         'alt.renderers.enable("default")\nalt.data_transformers.disable_max_rows()')


def make_baseline_book(book: Path) -> None:
    """Turn a copy of the repository into the one-chapter, CDN-renderer book."""
    (book / "_toc.yml").write_text(f"format: jb-book\nroot: {CHAPTER}\n", encoding="utf-8")
    chapter = book / f"{CHAPTER}.md"
    text = chapter.read_text(encoding="utf-8")
    if "bb.enable()" not in text:
        raise BenchError(f"{chapter.name} has no bb.enable() to replace: update bench/baseline.py")
    chapter.write_text(text.replace("bb.enable()", SETUP, 1), encoding="utf-8")


def measure_baseline(work: Path, chromium, runs: int) -> dict:
    book = make_book_copy(work / "baseline")
    make_baseline_book(book)
    html = book / "_build" / "html"
    path = f"{CHAPTER}.html"
    result = {"what": f"{CHAPTER}.md alone, Altair's default renderer (vega from a CDN)",
              "build": jupyter_book_build(book, "baseline", ["-n", "--keep-going"])}
    with serve(html) as base:
        page = pages.measure_page(chromium, base, path, ALTAIR_CHARTS, expect_drawn=False)
        result["page"] = strip_base(page, base)
    log(f"baseline page: {page['charts_rendered']}/{page['charts']} charts drawn offline, "
        f"{page['external_requests']} external requests blocked")
    if runs > 0:
        wanted = {name: {path: "the baseline"} for name in (lighthouse.DESKTOP, lighthouse.DESKTOP_HOSTED)}
        result["lighthouse"] = lighthouse.measure(html, wanted, runs, tag="baseline-")
    result["note"] = ("Measured offline: every request to a host other than 127.0.0.1 is blocked (Playwright "
                      "route, Lighthouse through a dead proxy), which is the offline or blocked reader's reality. "
                      "With the network the charts would need vega, vega-lite and vega-embed from the CDN.")
    return result
