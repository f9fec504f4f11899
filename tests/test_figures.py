"""The figures bar: every chart of the session's build, measured in Chromium at a desktop and a
phone width, in light and dark mode (tests/svg_audit.py says what is measured and why), plus
what the specs alone can tell: enough values, enough charts, and a map that draws offline."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
import svg_audit as audit
import vl_convert as vlc
from conftest import AFTER_BOOK, CHROMIUM, CHROMIUM_ARGS, MAIN_CHAPTERS, serve

pytestmark = pytest.mark.browser

MIN_CHARTS, MIN_PER_CHAPTER, HEROES, HERO_VALUES, MIN_LAND_PATHS = 18, 3, 3, 25, 5


@pytest.fixture(scope="session")
def specs(page_specs) -> dict[str, list[dict]]:
    """The chart specs of every chapter page that has charts, by path under the site."""
    found = {f"chapters/{name}.html": charts for name, charts in page_specs.items()}
    return {path: charts for path, charts in found.items() if charts}


def listing(problems) -> str:
    return audit.summary(problems) + "\n" + "\n".join(p.line() for p in problems)


def audit_every_width_and_mode(build) -> dict:
    """The figure audit of every page with charts at every width and mode, run in the background
    from the moment the book is built (conftest.AFTER_BOOK), in a Chromium and a server of its
    own: the problems by (width, mode), and the pages audited."""
    from playwright.sync_api import sync_playwright

    pages = sorted(audit.chart_specs_by_page(build.html))
    with serve(build.html) as url, sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            found = {(width, mode): audit.audit(chromium, url, pages, [width], [mode])
                     for width in audit.WIDTHS for mode in audit.MODES}
            return {**found, "pages": pages}
        finally:
            chromium.close()


AFTER_BOOK["figure_audits"] = audit_every_width_and_mode


@pytest.fixture(scope="session")
def figure_audits(started, html) -> dict:
    return started.running["figure_audits"].wait()


@pytest.mark.parametrize("mode", audit.MODES)
@pytest.mark.parametrize("width", audit.WIDTHS)
def test_every_chart_reads_at_this_width_and_mode(figure_audits, specs, width, mode):
    assert figure_audits["pages"] == sorted(specs)
    problems = figure_audits[width, mode]
    assert problems == [], listing(problems)


def test_every_chart_plots_at_least_five_values(specs):
    problems = audit.spec_problems(specs)
    assert problems == [], listing(problems)


def test_three_hero_charts_plot_25_values_or_more(specs):
    counts = {s["usermeta"]["figure"]: len(audit.plotted_rows(s)) for charts in specs.values() for s in charts}
    heroes = [figure for figure, n in counts.items() if n >= HERO_VALUES]
    assert len(heroes) >= HEROES, counts


def test_enough_charts_in_every_main_chapter(specs):
    per_page = Counter({path.split("/")[-1][:-5]: len(charts) for path, charts in specs.items()})
    assert sum(per_page.values()) >= MIN_CHARTS, per_page
    assert {c: per_page[c] for c in MAIN_CHAPTERS if per_page[c] < MIN_PER_CHAPTER} == {}, per_page


def test_a_map_draws_its_land_offline(browser, site, specs):
    maps = [(path, s["usermeta"]["figure"]) for path, charts in specs.items() for s in charts
            if "geoshape" in audit.mark_types(s)]
    assert maps, "no chart has a geoshape mark"
    for path, figure in maps:
        context = browser.new_context()
        blocked = audit.bench.block_external(context)
        page = context.new_page()
        page.goto(f"{site}/{path}")
        page.locator(f'.bb-figure[data-figure="{figure}"] .bb-chart').hover()
        chart = f'.bb-figure[data-figure="{figure}"] .bb-chart[data-rendered="true"]'
        page.wait_for_selector(chart, timeout=audit.RENDER_TIMEOUT_MS)
        land = page.locator(f"{chart} svg g.mark-shape path").evaluate_all(
            "paths => paths.filter(p => (p.getAttribute('d') || '').trim().length > 1).length")
        context.close()
        assert land >= MIN_LAND_PATHS, (figure, land)
        assert blocked == [], (figure, blocked)


def planted_svg(spec: dict) -> str:
    return vlc.vegalite_to_svg({"$schema": "https://vega.github.io/schema/vega-lite/v5.json", **spec})


def test_the_audit_finds_planted_defects(browser, tmp_path):
    """A page of Vega's own SVG with one of each defect: every kind must be found, so a clean
    run of the book means clean charts, not a blind measurement."""
    long = "A category label long enough to be cut by the label limit"
    bars = {"data": {"values": [{"label": f"{long} {i}", "value": i + 1} for i in range(6)]}, "width": 1600,
            "mark": {"type": "bar", "color": "#eeeeee"},
            "encoding": {"y": {"field": "label", "type": "nominal", "axis": {"labelLimit": 80}},
                         "x": {"field": "value", "type": "quantitative"}}}
    months = [{"date": f"{2020 + i // 12}-{i % 12 + 1:02d}-01", "value": i} for i in range(24)]
    strip = {"data": {"values": months}, "width": 200, "mark": {"type": "text", "color": "#d0d0d0"},
             "encoding": {"x": {"field": "date", "type": "temporal",
                                "axis": {"format": "%Y", "tickCount": 24, "labelOverlap": False}},
                          "text": {"field": "value"}}}
    figures = "".join(f'<div class="bb-figure" data-figure="fig-planted-{i}"><div class="bb-chart" '
                      f'data-rendered="true">{planted_svg(spec)}</div></div>' for i, spec in enumerate((bars, strip)))
    (tmp_path / "planted.html").write_text(
        f'<!doctype html><html data-theme="light"><meta charset="utf-8"><body style="margin:0"><main style="width:700px">{figures}'
        "</main></body></html>", encoding="utf-8")
    with audit.bench.serve(tmp_path) as url:
        found = audit.audit(browser, url, ["planted.html"], [1300], ["light"], ["live"])
    kinds = {p.kind for p in found}
    expected = {"cut", "overlap", "repeat", "wide", "scroll", "mark-contrast", "text-contrast"}
    assert expected <= kinds, json.dumps([p.line() for p in found], indent=1)
    assert kinds <= expected, kinds


def theme_image_rules(html_dir) -> dict[str, str]:
    """What the built theme's stylesheet does to a content image in a cell's output in dark mode
    (pydata-sphinx-theme: a filter, a background, padding), declaration by declaration, the
    later rule winning as in the cascade."""
    css = (html_dir / "_static" / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    found = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        if any(s.strip().startswith("html[data-theme=dark]") and re.search(r"\bimg(?![\w.-])", s)
               for s in selectors.split(",")):
            found.update(d.split(":", 1) for d in body.split(";") if ":" in d)
    return {name.strip(): value.strip() for name, value in found.items()}


def test_dark_stills_read_as_shown_and_a_planted_clash_is_caught(browser, site, html, specs):
    """The Western response page in dark mode on a phone, its stills measured in place: clean as
    the book styles them, and every still caught, by its text colours carried through the page's
    styles and by the screenshot's pixels, when the theme's dark-mode treatment of images (read
    from the built theme) is planted back over the book's rule in static/charts.css."""
    page = "chapters/west.html"
    rules = theme_image_rules(html)
    assert {"filter", "background-color", "padding"} <= set(rules), rules
    clean = audit.audit(browser, site, [page], [390], ["dark"], ["still"])
    assert clean == [], listing(clean)
    plant = "html .bd-content .bb-chart .bb-static img {" + "".join(f"{k}: {v} !important;" for k, v in rules.items()) + "}"
    planted = audit.audit(browser, site, [page], [390], ["dark"], ["still"], styles=plant)
    figures = {s["usermeta"]["figure"] for s in specs[page]}
    for kind in ("text-contrast", "pixels"):
        assert {p.figure for p in planted if p.kind == kind} == figures, (kind, listing(planted))
