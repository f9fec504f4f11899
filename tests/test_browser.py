"""The book as a reader meets it, in Debian's Chromium with every host but localhost cut off."""

from __future__ import annotations

import json

import pytest

from belarusbook.book import stills
from belarusbook.figures import render, theme
from belarusbook.book.assets import BUNDLE, CHART_STYLES, STYLESHEET, bundle_text, bundle_version
from belarusbook.book.pages import LOADER
import colour
from conftest import MARKS, SETTLED, open_a_tooltip, point_at, reach, serve, visit

pytestmark = pytest.mark.browser


def page_urls(html):
    return sorted(str(p.relative_to(html)) for p in (html / "chapters").glob("*.html"))


@pytest.fixture(scope="module")
def visits(browser, site, html) -> dict:
    """Every chapter page as a reader meets it, in light and dark, visited once for the two tests
    that read it (the charts drawn, and axe): by (page, mode)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    return {(page, mode): visit(browser, f"{site}/{page}", dark=mode == "dark", axe=axe)
            for page in page_urls(html) for mode in ("light", "dark")}


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_every_chart_on_every_page_renders_offline_without_errors(visits, page_specs, mode):
    """Each chart first shows its still for the page's mode, with no chart library fetched, and
    is drawn live once the pointer reaches it."""
    rendered = 0
    for (page, seen_mode), seen in visits.items():
        if seen_mode != mode:
            continue
        figures = [s["usermeta"]["figure"] for s in page_specs[page.split("/")[-1][:-5]]]
        expected = len(figures)
        assert seen.stills == [f"{figure}-wide-{mode}.svg" for figure in figures], (page, seen.stills)
        assert not seen.bundle_before_reach, page
        assert seen.charts == ["rendered"] * expected, (page, seen.charts)
        assert seen.console_errors == [], (page, seen.console_errors)
        assert seen.external_requests == [], (page, seen.external_requests)
        rendered += expected
    assert rendered >= 18


def test_root_page_redirects_and_shows_key_figures(browser, site):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site}/index.html")
    page.wait_for_url("**/chapters/about.html")
    tiles = page.locator(".bb-panel .bb-tile")
    assert tiles.count() >= 6
    assert "Mills (2021)" in tiles.first.inner_text()
    context.close()


def test_dark_mode_charts_use_light_text(browser, site):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(f"{site}/chapters/repression.html")
    reach.reach_charts(page)
    # every text of every chart: axis labels, panel titles, the figures written beside the marks
    fills = page.eval_on_selector_all(".bb-chart svg text", "els => els.map(e => e.getAttribute('fill'))")
    assert len(fills) > 20 and set(fills) == {theme.DARK_TEXT}
    # switching the theme redraws the charts with light-mode text
    page.evaluate("document.documentElement.dataset.theme = 'light'")
    page.wait_for_function(f"() => [...document.querySelectorAll('.bb-chart svg text')].every(e => e.getAttribute('fill') === '{theme.LIGHT_TEXT}')")
    context.close()


def test_charts_have_an_accessible_name_from_their_description(browser, site, page_specs):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site}/chapters/west.html")
    stills = page.eval_on_selector_all(".bb-static", "els => els.map(e => [...e.querySelectorAll('img')].map(i => i.alt))")
    reach.reach_charts(page)
    labels = page.eval_on_selector_all(".bb-chart svg", "els => els.map(e => e.getAttribute('aria-label') || '')")
    descriptions = [s["description"] for s in page_specs["west"]]
    assert len(labels) == len(descriptions) == len(stills)
    for label, alts, description in zip(labels, stills, descriptions):
        assert description in label
        # each still's alt text: a still per layout (wide, mid where it differs, narrow) and mode
        assert len(alts) >= 4 and set(alts) == {description}
    context.close()


def test_a_quote_containing_markup_shows_as_text_in_the_tooltip(browser, tmp_path, monkeypatch):
    """The real bundle, renderer, stills and loader, with a hostile quote: once the chart is
    reached, the tooltip must show the quote as text."""
    import pandas as pd

    from belarusbook import charts, shape

    monkeypatch.setenv(render.BOOK_BUILD, "1")
    render.enable()
    hostile = '<b id="injected">bold</b><img src=x onerror="window.pwned=1">'
    frame = pd.DataFrame([{"name": "A", "value": 5.0, "qualifier": "exact", "quote": hostile,
                           "source": "mills2021", "locator": "§2.1", "id": "x-001"}])
    chart = charts.bars(shape.evidence(frame), "name", figure="fig-test-markup", value_title="Count", what="Markup test")
    bundle = render.mimebundle(chart.to_dict())
    (tmp_path / "_static" / "vendor").mkdir(parents=True)
    text = bundle_text()
    (tmp_path / "_static" / BUNDLE).write_text(text, encoding="utf-8")
    (tmp_path / "_static" / "belarusbook.css").write_text(
        STYLESHEET.read_text(encoding="utf-8") + CHART_STYLES.read_text(encoding="utf-8"), encoding="utf-8")
    body = stills.web_body(bundle["text/html"], tmp_path / "_static" / "figures", lambda name, _: f"../{name}")
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "t.html").write_text(
        '<!doctype html><html data-content_root="../"><head><link rel="stylesheet" href="../_static/belarusbook.css">'
        f'<script>{LOADER % (BUNDLE, bundle_version(text))}</script></head>'
        f'<body style="width:800px">{body}</body></html>', encoding="utf-8")
    with serve(tmp_path) as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{url}/chapters/t.html")
        reach.reach_charts(page)
        box = page.locator(".bb-chart svg .mark-rect path").first.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_timeout(200)
        page.mouse.move(box["x"] + box["width"] / 2 + 3, box["y"] + box["height"] / 2)
        page.wait_for_selector("#vg-tooltip-element.visible")
        tooltip = page.locator("#vg-tooltip-element")
        assert hostile in tooltip.inner_text()
        assert page.locator("#injected").count() == 0
        assert page.evaluate("window.pwned") is None
        assert page.locator("details.bb-data td", has_text="<b id=").count() == 1
        context.close()


#: Keeps the spec of each chart drawn live from now on, as static/embed.js reports it drawn.
CAPTURE = """() => { window.bbDrawn = [];
  document.addEventListener('bb-drawn', (e) => window.bbDrawn.push(
    [e.target.id.replace(/-chart$/, ''), e.detail.mode, structuredClone(e.detail.spec)])); }"""


@pytest.mark.parametrize("name", ["west", "timeline"])
def test_live_charts_draw_the_spec_the_stills_are_painted_from(browser, site, page_specs, name):
    """The page's script (static/embed.js) and the stills (stills.patched) apply one set of patches
    (the phone layout's, dark mode's) to a chart's spec: each live chart, drawn dark and wide,
    then dark and light on a phone, is drawn with exactly the spec its still is painted from
    (before the still's layout font and width)."""
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    page.goto(f"{site}/chapters/{name}.html")
    reach.reach_charts(page)
    page.evaluate(CAPTURE)
    specs = {s["usermeta"]["figure"]: s for s in page_specs[name]}
    expected = []
    for theme_name, width in (("dark", 1300), ("dark", 390), ("light", 390)):
        page.set_viewport_size({"width": width, "height": 900})
        page.evaluate(f"document.documentElement.dataset.theme = '{theme_name}'")
        for figure, spec in specs.items():
            layout = "narrow" if width == 390 and "narrow" in spec["usermeta"] else "wide"
            mode = f"{theme_name} {layout}"
            if (figure, mode) not in [(f, m) for f, m, _ in expected]:
                expected.append((figure, mode, stills.patched(spec, layout, theme_name)))
        page.wait_for_function("n => window.bbDrawn.length >= n", arg=len(expected), timeout=60_000)
        page.wait_for_function(reach.ALL_LIVE)
    drawn = page.evaluate("window.bbDrawn")
    context.close()
    assert specs and len(expected) >= 2 * len(specs)
    assert sorted((f, m) for f, m, _ in drawn) == sorted((f, m) for f, m, _ in expected)
    by_key = {(f, m): spec for f, m, spec in drawn}
    for figure, mode, spec in expected:
        assert by_key[figure, mode] == spec, (figure, mode)


def test_axe_finds_no_serious_or_critical_violation(visits):
    """Every page, light and dark: as it opens (charts as stills), then with every chart drawn
    live and a tooltip open."""
    problems = {f"{page} ({mode}, {state})": found
                for (page, mode), seen in visits.items() for state, found in seen.violations.items() if found}
    assert all(seen.tooltip is not False for seen in visits.values()), \
        [page for (page, _), seen in visits.items() if seen.tooltip is False]
    assert all(set(seen.violations) == ({"stills", "live"} if seen.stills else {"page"}) for seen in visits.values())
    assert problems == {}, json.dumps(problems, indent=1)[:4000]


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_the_evidence_tooltip_reads_at_4_5_to_1(browser, site, mode):
    """A mark's tooltip, as a reader opens it: every text in it (the field names, which the
    tooltip library greys, and the values) at 4.5:1 against its ground as painted over the page.
    axe does not always judge it (the translucent box sits over the chart), so it is measured."""
    context = browser.new_context(color_scheme=mode)
    page = context.new_page()
    page.goto(f"{site}/chapters/outlook.html")
    reach.reach_charts(page)
    assert open_a_tooltip(page)
    page.wait_for_function(SETTLED, timeout=15_000)
    seen = page.evaluate("""() => {
        const tip = document.getElementById('vg-tooltip-element'), bg = e => getComputedStyle(e).backgroundColor;
        return {grounds: [bg(tip), bg(document.body), bg(document.documentElement)],
                cells: [...tip.querySelectorAll('td')].map(td => [td.className, td.textContent.trim().slice(0, 40), getComputedStyle(td).color])};
    }""")
    ground = (*colour.WHITE, 1.0)
    for layer in reversed(seen["grounds"]):
        ground = colour.under(colour.parse(layer), ground)
    assert {kind for kind, _, _ in seen["cells"]} >= {"key", "value"}, seen
    ratios = [(kind, text, paint, round(colour.contrast(colour.over(colour.parse(paint), colour.parse(paint)[3], ground), ground), 2))
              for kind, text, paint in seen["cells"]]
    poor = [cell for cell in ratios if cell[3] < colour.TEXT_RATIO]
    assert poor == [], poor
    context.close()


def test_a_tooltip_stays_inside_a_phone_s_window(browser, site, html):
    """At 390 px, on every chart page, the pointer on each of the first marks of each chart: every
    tooltip that opens lies wholly inside the window (vega-tooltip alone put some of the Western
    response's past the left edge; static/embed.js moves it back)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    page = context.new_page()
    seen, outside = 0, []
    for path in page_urls(html):
        page.goto(f"{site}/{path}")
        if not page.locator(".bb-chart").count():
            continue
        reach.reach_charts(page)
        for chart in page.locator(".bb-chart").all():
            marks = chart.locator(MARKS)
            for i in range(min(marks.count(), 4)):
                if not point_at(page, marks.nth(i), timeout_ms=2_000):
                    continue
                tip = page.locator("#vg-tooltip-element").bounding_box()
                seen += 1
                if tip["x"] < 0 or tip["y"] < 0 or tip["x"] + tip["width"] > 390 or tip["y"] + tip["height"] > 844:
                    outside.append((path, i, {k: round(v) for k, v in tip.items()}))
                page.mouse.move(1, 1)
    context.close()
    assert seen >= 30 and outside == [], (seen, outside)


def test_keyboard_focus_follows_the_page(browser, site):
    """Tab moves forward through the page in document order, and reaches each chart and its data;
    a chart reached by the keyboard is drawn live."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site}/chapters/repression.html")
    assert page.locator("[tabindex]:not([tabindex='0']):not([tabindex='-1'])").count() == 0
    order = []
    reached_data = False
    charts_focused = []
    for _ in range(400):
        page.keyboard.press("Tab")
        position = page.evaluate("""() => {
            const e = document.activeElement;
            if (!e || e === document.body) return null;
            return [Array.prototype.indexOf.call(document.querySelectorAll('*'), e),
                    !!e.closest('details.bb-data'), e.matches('.bb-chart') ? e.id : null];
        }""")
        if position is None or (order and position[0] < order[-1]):
            break  # wrapped round to the top
        order.append(position[0])
        reached_data = reached_data or position[1]
        if position[2]:
            charts_focused.append(position[2])
    assert len(order) > 20 and order == sorted(order)
    assert reached_data, "Tab never reached a chart's data table"
    assert charts_focused == page.eval_on_selector_all(".bb-chart", "els => els.map(e => e.id)")
    page.wait_for_function(reach.ALL_LIVE)
    context.close()
