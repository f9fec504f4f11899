"""The reader's experience, measured with tools nobody here wrote: Lighthouse's desktop preset,
page weight, and time until every chart is drawn, on this 2-core machine, with nothing but
localhost reachable. Lighthouse is the pinned npm package in bench/ (bench/browser.py)."""

from __future__ import annotations

import statistics

import pytest

from conftest import bench, serve, visit

pytestmark = pytest.mark.browser

ROOT_PAGE = "chapters/about.html"
TIMELINE = "chapters/timeline.html"


def most_charts(pages) -> str:
    counts = {name: text.count('class="bb-chart"') for name, text in pages.items()}
    return f"chapters/{max(counts, key=counts.get)}.html"


@pytest.fixture(scope="session")
def lighthouse(html, pages, tmp_path_factory):
    """Median scores of three Lighthouse runs per kind of page, served by plain http.server
    (no compression, no cache headers: harder than any real host)."""
    results = {}
    out = tmp_path_factory.mktemp("lighthouse")
    with serve(html) as url:
        for page in (ROOT_PAGE, most_charts(pages), TIMELINE):
            runs = [bench.run_lighthouse(f"{url}/{page}", out / f"{page.replace('/', '_')}-{i}.json") for i in range(3)]
            results[page] = {
                "performance": statistics.median(r["performance"] for r in runs),
                "accessibility": statistics.median(r["accessibility"] for r in runs),
                "external": sorted({u for r in runs for u in r.get("external_requests", [])}),
            }
    return results


def test_lighthouse_performance_and_accessibility(lighthouse):
    for page, scores in lighthouse.items():
        assert scores["performance"] >= 0.95, (page, scores)
        assert scores["accessibility"] == 1.0, (page, scores)
        assert scores["external"] == [], (page, scores)


def test_page_weight_and_time_to_charts(browser, html, pages):
    """A chapter's own bytes (HTML and anything outside the shared, cached _static/ and the
    search index) stay under 300 KB; every chart is drawn within 1.5 s of navigation."""
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
            assert sum(own.values()) <= 300_000, (name, own)
            seen = visit(browser, f"{url}/chapters/{name}.html")
            if seen.charts:
                assert set(seen.charts) == {"rendered"}
                assert seen.render_ms <= 1500, (name, seen.render_ms)


def test_chart_bundle_is_fetched_once_per_visit(browser, html):
    """Going from one chart page to the next reuses the bundle: the same versioned URL, and a
    transfer size of 0 (Resource Timing) after the first page."""
    with serve(html, like_a_host=True) as url:
        context = browser.new_context()
        page = context.new_page()
        transfers = []
        for name in ("election", "repression", "russia"):
            page.goto(f"{url}/chapters/{name}.html")
            page.wait_for_function("() => [...document.querySelectorAll('.bb-chart')].every(e => e.dataset.rendered)")
            transfers += page.evaluate("""() => performance.getEntriesByType('resource')
                .filter(e => e.name.includes('vega-charts.js')).map(e => [e.name, e.transferSize])""")
        context.close()
    assert len({name for name, _ in transfers}) == 1, transfers
    assert transfers[0][1] > 100_000 and [size for _, size in transfers[1:]] == [0, 0], transfers
