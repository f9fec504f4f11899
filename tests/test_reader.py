"""The reader's experience, in what does not depend on the clock: Lighthouse's accessibility
score and the hosts a page reaches, each page's own bytes, every chart drawn, and the chart
bundle cached across pages. How fast pages paint is measured by ``make bench``, against goals,
not asserted here: on a shared two-core machine a timing fails by chance."""

from __future__ import annotations

import pytest

from pathlib import Path

import lighthouse_cli
from conftest import bench, reach, serve

pytestmark = pytest.mark.browser

ROOT_PAGE = "chapters/about.html"
TIMELINE = "chapters/timeline.html"
OWN_BYTES = 300_000  # a chapter's HTML and whatever it loads outside the shared, cached _static/


def most_charts(pages) -> str:
    counts = {name: text.count('class="bb-chart"') for name, text in pages.items()}
    return f"chapters/{max(counts, key=counts.get)}.html"


def test_lighthouse_accessibility_and_no_other_host(html, pages, tmp_path):
    """Lighthouse's accessibility score is a count of audits passed, not a timing: one run a page,
    with the desktop preset, and with the mobile one (a phone's viewport) where readers are most."""
    runs = [(page, "desktop") for page in (ROOT_PAGE, most_charts(pages), TIMELINE)]
    runs += [(page, "mobile") for page in (ROOT_PAGE, most_charts(pages))]
    with serve(html) as url:
        for page, preset in runs:
            scores = lighthouse_cli.run_lighthouse(f"{url}/{page}", tmp_path / f"{preset}-{page.replace('/', '_')}.json",
                                          preset=preset, categories=("accessibility",))
            assert scores["accessibility"] == 1.0, (page, preset, scores["accessibility"], scores["audits_failed"])
            assert scores["external_requests"] == [], (page, preset, scores["external_requests"])


def test_page_weight(browser, html, pages):
    """A chapter's own bytes (HTML and anything outside the shared, cached _static/ and the
    search index) stay under 300 KB. (That every chart on it is drawn, in light and dark, is
    test_browser.py's test_every_chart_on_every_page_renders_offline_without_errors.)"""
    with serve(html) as url:
        for name in sorted(pages):
            context = browser.new_context()
            page = context.new_page()
            own = {}

            def count(response):
                path = response.url.split("?")[0]
                if "/_static/" not in path and not path.endswith("/searchindex.js"):
                    try:
                        own[path] = len(response.body())
                    except Exception:  # a redirect has no body
                        pass

            page.on("response", count)
            page.goto(f"{url}/chapters/{name}.html", wait_until="load")
            context.close()
            assert sum(own.values()) <= OWN_BYTES, (name, own)


def test_chart_bundle_is_fetched_once_per_visit(browser, html):
    """Going from one chart page to the next reuses the bundle: the same versioned URL, and a
    transfer size of 0 (Resource Timing) after the first page."""
    with serve(html, like_a_host=True) as url:
        context = browser.new_context()
        page = context.new_page()
        transfers = []
        for name in ("election", "repression", "russia"):
            page.goto(f"{url}/chapters/{name}.html")
            reach.reach_charts(page)
            transfers += page.evaluate("""() => performance.getEntriesByType('resource')
                .filter(e => e.name.includes('vega-charts.js')).map(e => [e.name, e.transferSize])""")
        context.close()
    assert len({name for name, _ in transfers}) == 1, transfers
    assert transfers[0][1] > 100_000 and [size for _, size in transfers[1:]] == [0, 0], transfers


def test_a_phone_shows_stills_and_draws_a_chart_live_when_tapped(browser, site, pages, page_specs):
    """On a phone (390 px, touch, dark), each chart shows its narrow dark still, one image a
    chart, and no chart library is fetched until a chart is tapped; the tapped chart, and only
    it, is then drawn live, at its column's width."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  color_scheme="dark")
    page = context.new_page()
    fetched = []
    page.on("request", lambda r: fetched.append(r.url.split("?")[0].split("/")[-1]))
    page.goto(f"{site}/{most_charts(pages)}", wait_until="load")
    figures = [s["usermeta"]["figure"] for s in page_specs[Path(most_charts(pages)).stem]]
    assert reach.stills_shown(page) == [f"{figure}-narrow-dark.svg" for figure in figures]
    assert sorted(name for name in fetched if name.endswith(".svg") and name.startswith("fig-")) == \
        sorted(f"{figure}-narrow-dark.svg" for figure in figures)  # the hidden stills are never fetched
    assert "vega-charts.js" not in fetched
    chart = page.locator(".bb-chart").nth(1)
    chart.tap()
    page.wait_for_function("el => el.dataset.rendered === 'true'", arg=chart.element_handle())
    assert fetched.count("vega-charts.js") == 1
    states = page.eval_on_selector_all(".bb-chart", "els => els.map(e => e.dataset.rendered || 'still')")
    assert states == ["still", "true"] + ["still"] * (len(figures) - 2), states
    width = chart.evaluate("el => [el.querySelector('svg').getBoundingClientRect().width, el.clientWidth]")
    assert 300 <= width[0] <= width[1], width
    context.close()


def test_a_phone_can_navigate_and_search(browser, site):
    """At 390 px, with touch: the menu button opens the chapter list and a chapter link leads
    there; the search button opens a field whose query lists results; no page errors on the way."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    external = bench.block_external(context)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{site}/{ROOT_PAGE}")
    page.locator("button.primary-toggle:visible").tap()
    chapter = page.locator("#pst-primary-sidebar-modal a.reference.internal[href$='repression.html']")
    chapter.tap()
    page.wait_for_url("**/chapters/repression.html")
    page.locator("button.search-button:visible").tap()
    field = page.locator("input[name='q']:visible")
    field.fill("Lukashenka")
    field.press("Enter")
    page.wait_for_url("**/search.html?q=Lukashenka")
    page.wait_for_function("() => document.querySelectorAll('ul.search li').length >= 5")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    context.close()
    assert errors == [] and external == [], (errors, external)
