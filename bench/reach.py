"""How the benchmark and the browser tests meet a page's charts, as a reader does (shared, so that
both measure one behaviour; see belarusbook/book/stills.py and static/embed.js):

* ``stills_shown(page)``: each chart scrolled into view in turn; once its still has loaded, the
  file it shows (or why none): what a reader sees without reaching for a chart;
* ``reach_charts(page)``: the pointer over each chart in turn (Playwright's real mouse, which
  scrolls it into view), then a wait until every chart is drawn live (``data-rendered``).
"""

from __future__ import annotations

CHARTS = ".bb-chart"
ALL_LIVE = "() => [...document.querySelectorAll('.bb-chart')].every(e => e.dataset.rendered)"
#: The still a chart shows: the one of its images that the stylesheet displays.
SHOWN = """el => { const img = [...el.querySelectorAll('.bb-static img')].find(i => getComputedStyle(i).display !== 'none');
  if (!img) return 'no still shown';
  if (!img.complete) return null;
  return img.naturalWidth > 0 ? img.getAttribute('src').split('/').pop() : 'broken: ' + img.getAttribute('src'); }"""


def stills_shown(page, timeout_ms: int = 30_000) -> list[str]:
    charts = page.locator(CHARTS)
    shown = []
    for i in range(charts.count()):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        handle = chart.element_handle()
        page.wait_for_function(f"el => ({SHOWN})(el) !== null", arg=handle, timeout=timeout_ms)
        shown.append(chart.evaluate(SHOWN))
    return shown


def reach_charts(page, timeout_ms: int = 120_000) -> None:
    charts = page.locator(CHARTS)
    for i in range(charts.count()):
        charts.nth(i).hover()
    if charts.count():
        page.wait_for_function(ALL_LIVE, timeout=timeout_ms)
