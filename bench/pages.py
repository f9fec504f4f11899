"""Reader speed: every page of _toc.yml opened in Chromium (Playwright), each in a fresh context
(empty cache), with every request to another host blocked and counted.

Per page: its own bytes (the HTML and whatever it loads outside _static/), shared bytes (under
_static/, cached across pages), the time until every chart is drawn live (recorded by a
MutationObserver installed before the page loads, so polling does not blur it), counted from the
moment the pointer first reaches a chart (the book's charts are stills until then, see
belarusbook/book/stills.py; the CDN baseline draws its charts unasked, counted from navigation),
console errors and attempted requests to other hosts. Charts are found by CSS selectors, so the
CDN baseline (bench/baseline.py) is measured by the same code with Altair's selectors.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from urllib.parse import urlsplit

import browser
import reach
from common import error_entry, log

PAGE_TIMEOUT = 60_000   # ms for a page to load
CHART_TIMEOUT = 60_000  # ms for its charts to draw
UNDRAWN_WAIT = 10_000   # ms a page that is not expected to draw (the offline baseline) is given
VIEWPORT = {"width": 1350, "height": 940}
OUR_CHARTS = {"charts": ".bb-chart", "drawn": '.bb-chart[data-rendered="true"]',
              "failed": '.bb-chart[data-rendered="error"]'}

TIMING_SCRIPT = """
(() => {
  const sel = __SELECTORS__;
  const state = window.__bench = { firstAt: null, allAt: null, settledAt: null, charts: 0, drawn: 0 };
  const check = () => {
    const charts = document.querySelectorAll(sel.charts).length;
    const drawn = document.querySelectorAll(sel.drawn).length;
    const failed = document.querySelectorAll(sel.failed).length;
    Object.assign(state, { charts, drawn });
    if (drawn > 0 && state.firstAt === null) state.firstAt = performance.now();
    if (charts > 0 && drawn === charts && state.allAt === null) state.allAt = performance.now();
    if (charts > 0 && drawn + failed >= charts && state.settledAt === null) state.settledAt = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true,
                                                  attributeFilter: ["data-rendered", "class"] });
})();
"""

EXTERNAL_ELEMENTS = """() => [...document.querySelectorAll(
    'script[src], link[rel~="stylesheet"][href], link[rel~="preload"][href], img[src], iframe[src], source[src]')]
  .map((e) => e.src || e.href)
  .filter((u) => !u.startsWith(location.origin) && !/^(data|blob|about):/.test(u))"""


def page_paths(book: Path) -> list[tuple[str, str]]:
    """(page, kind) for every page of the book's _toc.yml, root first; kind is root, chapter
    (a numbered part) or reference."""
    import yaml

    toc = yaml.safe_load((book / "_toc.yml").read_text(encoding="utf-8"))
    pages = [(toc["root"], "root")]
    for part in toc.get("parts", []):
        kind = "chapter" if part.get("numbered") else "reference"
        pages += [(entry["file"], kind) for entry in part.get("chapters", [])]
    pages += [(entry["file"], "chapter") for entry in toc.get("chapters", [])]
    return [(f"{Path(name).with_suffix('').as_posix()}.html", kind) for name, kind in pages]


def body_size(response) -> int:
    try:
        return len(response.body())
    except Exception:  # noqa: BLE001 - redirects and evicted bodies: fall back to the sizes
        with contextlib.suppress(Exception):
            return int(response.request.sizes().get("responseBodySize") or 0)
    return 0


def page_bytes(responses: list, base: str) -> dict:
    """Sum of response body sizes by URL; under _static/ is shared (cached across pages)."""
    by_url = {response.url: body_size(response) for response in responses if response.url.startswith(base + "/")}
    shared = {url for url in by_url if urlsplit(url).path.startswith("/_static/")}
    own = {url[len(base):]: size for url, size in by_url.items() if url not in shared}
    return {"own_bytes": sum(own.values()), "shared_bytes": sum(by_url[url] for url in shared),
            "own_resources": dict(sorted(own.items())), "requests": len(by_url)}


def wait_for_charts(page, selectors: dict, expect_drawn: bool, since: float = 0.0) -> dict:
    """Wait until every chart is drawn (or has failed); with expect_drawn False (the offline
    baseline), wait a fixed while and report what was drawn. Times are in ms after ``since``
    (performance.now() when the charts were reached; 0, navigation start)."""
    done = f"""() => {{
      const n = document.querySelectorAll({json.dumps(selectors['charts'])}).length;
      const k = document.querySelectorAll({json.dumps(selectors['drawn'])}).length
              + document.querySelectorAll({json.dumps(selectors['failed'])}).length;
      return n === 0 || k >= n;
    }}"""
    timed_out = False
    try:
        page.wait_for_function(done, timeout=CHART_TIMEOUT if expect_drawn else UNDRAWN_WAIT, polling=50)
    except Exception:  # noqa: BLE001 - Playwright's TimeoutError; recorded, not fatal
        timed_out = True
    with contextlib.suppress(Exception):
        page.wait_for_load_state("networkidle", timeout=10_000)
    state = page.evaluate("window.__bench")
    failed = page.evaluate(f"document.querySelectorAll({json.dumps(selectors['failed'])}).length")

    def ms(value):
        return None if value is None else round(value - since, 1)

    return {"charts": state["charts"], "charts_rendered": state["drawn"], "charts_failed": failed,
            "charts_rendered_ms": ms(state["allAt"]), "first_chart_ms": ms(state["firstAt"]),
            "charts_settled_ms": ms(state["settledAt"]), "charts_timed_out": timed_out and state["charts"] > 0}


def navigation_timing(page) -> dict:
    timing = page.evaluate("""() => {
      const nav = performance.getEntriesByType("navigation")[0] || {};
      const fcp = performance.getEntriesByName("first-contentful-paint")[0];
      return { dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, fcp: fcp ? fcp.startTime : null };
    }""")
    return {"dom_content_loaded_ms": round(timing["dcl"] or 0, 1), "load_ms": round(timing["load"] or 0, 1),
            "first_contentful_paint_ms": None if timing["fcp"] is None else round(timing["fcp"], 1)}


def measure_page(chromium, base: str, path: str, selectors: dict = OUR_CHARTS, expect_drawn: bool = True) -> dict:
    """One page in a fresh browser context (empty cache): bytes, chart timing, errors, external requests."""
    context = chromium.new_context(viewport=VIEWPORT)
    try:
        external = browser.block_external(context)
        context.add_init_script(TIMING_SCRIPT.replace("__SELECTORS__", json.dumps(selectors)))
        page = context.new_page()
        responses, errors = [], []
        page.on("response", lambda response: responses.append(response))  # a lambda: Playwright rejects builtins
        page.on("console", lambda msg: errors.append(msg.text[:300]) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(f"uncaught: {str(exc)[:300]}"))
        page.goto(f"{base}/{path}", wait_until="load", timeout=PAGE_TIMEOUT)
        since = 0.0
        if selectors is OUR_CHARTS and expect_drawn:
            since = page.evaluate("performance.now()")
            for i in range(page.locator(reach.CHARTS).count()):
                page.locator(reach.CHARTS).nth(i).hover()
        charts = wait_for_charts(page, selectors, expect_drawn, since)
        elements = page.evaluate(EXTERNAL_ELEMENTS)
        return {**charts, **navigation_timing(page), **page_bytes(responses, base),
                "external_resource_elements": len(elements), "console_errors": errors,
                "external_requests": len(external),
                "external_hosts": sorted({urlsplit(url).hostname or url for url in external}),
                "external_urls": sorted(set(external))}
    finally:
        context.close()


def measure_pages(chromium, base: str, pages: list[tuple[str, str]]) -> dict:
    """{page: measurement} for every (page, kind); one page's failure is recorded, the rest go on."""
    results = {}
    for path, kind in pages:
        try:
            r = results[path] = {"kind": kind, **measure_page(chromium, base, path)}
            log(f"page {path}: own {r['own_bytes']} B, shared {r['shared_bytes']} B, "
                f"{r['charts_rendered']}/{r['charts']} charts in {r['charts_rendered_ms']} ms")
        except Exception as exc:  # noqa: BLE001
            results[path] = {"kind": kind, **error_entry(exc)}
            log(f"page {path}: FAILED {exc}")
    return results


def measured(pages: dict) -> dict:
    """The pages that were measured (no section error, no page error)."""
    if not isinstance(pages, dict) or isinstance(pages.get("error"), str):
        return {}
    return {path: r for path, r in pages.items() if "error" not in r}
