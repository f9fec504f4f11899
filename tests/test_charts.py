"""Charts in the built book: valid Vega-Lite, numbered figures with caption, source line and
data, the counts each chapter promises, nothing loaded from another host, and honest marks."""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import altair
import jsonschema
import pytest

from belarusbook.figures.render import HIDDEN_COLUMNS
from belarusbook.figures.render import rows as rows_of
from conftest import MAIN_CHAPTERS

SCHEMA = json.loads((Path(altair.__file__).parent / "vegalite" / "v6" / "schema" / "vega-lite-schema.json").read_text())
FIGURE = re.compile(r'<figure[^>]*id="(fig-[^"]+)"[^>]*>(.*?)</figure>', re.S)


def figures(page_html: str) -> dict[str, str]:
    return dict(FIGURE.findall(page_html))


def all_specs(page_specs) -> list[tuple[str, dict]]:
    return [(name, spec) for name, specs in page_specs.items() for spec in specs]


def test_at_least_18_charts_and_3_per_main_chapter(page_specs):
    counts = {name: len(specs) for name, specs in page_specs.items()}
    assert sum(counts.values()) >= 18, counts
    for chapter in MAIN_CHAPTERS:
        assert counts[chapter] >= 3, (chapter, counts[chapter])
    assert counts["timeline"] >= 1


def test_every_spec_validates_against_the_vega_lite_schema(page_specs):
    validator = jsonschema.Draft7Validator(SCHEMA)
    for page, spec in all_specs(page_specs):
        errors = [e.message for e in validator.iter_errors(spec)]
        assert errors == [], (page, spec["usermeta"]["figure"], errors[:3])


def test_every_chart_is_a_numbered_figure_with_caption_source_and_data(pages, html, page_specs):
    for page, text in pages.items():
        found = figures(text)
        for spec in page_specs[page]:
            name = spec["usermeta"]["figure"]
            assert name in found, f"{page}: chart {name} is not a figure"
            body = found[name]
            caption = re.search(r"<figcaption>(.*?)</figcaption>", body, re.S)
            assert caption and re.search(r"Fig\. \d+\.\d+|Fig\. \d+", caption.group(1)), f"{name}: no numbered caption"
            assert re.search(r'<p class="bb-source">Source: [^<]+', body), f"{name}: no source line"
            link = re.search(r'href="\.\./_static/figures/([^"]+\.csv)" download', body)
            assert link and (html / "_static" / "figures" / link.group(1)).exists(), f"{name}: no data download"
            assert '<details class="bb-data"><summary>Data table</summary><table' in body, f"{name}: no data table"


def test_prose_refers_to_every_figure_in_main_chapters(pages):
    for chapter in MAIN_CHAPTERS:
        text = pages[chapter]
        for name in figures(text):
            assert f'href="#{name}"' in text, f"{chapter}: {name} is never referred to"


def test_data_download_is_exactly_the_plotted_data(page_specs, html):
    for page, spec in all_specs(page_specs):
        plotted = rows_of(spec)
        with open(html / "_static" / "figures" / f"{spec['usermeta']['figure']}.csv", newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            rows = list(reader)
        # the columns in the order of the plotted data (what is plotted first, then its evidence),
        # not sorted: the page's JSON keeps the rows' key order
        shown = [c for c in plotted[0] if c not in HIDDEN_COLUMNS]
        assert reader.fieldnames == shown and shown != sorted(shown), (spec["usermeta"]["figure"], reader.fieldnames)
        assert len(rows) == len(plotted)
        for row, original in zip(rows, plotted):
            for column, value in row.items():
                expected = original.get(column)
                assert value == ("" if expected is None else str(expected)), (spec["usermeta"]["figure"], column)


def test_sources_named_under_a_chart_are_those_of_its_data(pages, page_specs):
    names = {"mills2021": "Mills (2021)", "yeliseyeu2020": "Yeliseyeu (2020)", "preiherman2025": "Preiherman (2025)",
             "interview2020a": "Video interview summary A", "interview2020b": "Video interview summary B"}
    for page, text in pages.items():
        found = figures(text)
        for spec in page_specs[page]:
            keys = {r["source"] for r in rows_of(spec)}
            line = re.search(r'<p class="bb-source">(Source: [^<]+)', found[spec["usermeta"]["figure"]]).group(1)
            for key, shown in names.items():
                assert (shown in line) == (key in keys), (spec["usermeta"]["figure"], key, line)


class _Loads(HTMLParser):
    """Every URL a page would fetch by itself: scripts, styles, images, frames, media."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and attrs.get("href") and attrs.get("rel") not in ("canonical",):
            self.urls.append(attrs["href"])


def test_built_html_loads_nothing_from_another_host(html):
    offenders = []
    for path in html.rglob("*.html"):
        parser = _Loads()
        parser.feed(path.read_text(encoding="utf-8"))
        offenders += [(path.name, u) for u in parser.urls if re.match(r"^(https?:)?//", u)]
    for path in html.rglob("*.css"):
        offenders += [(path.name, u) for u in re.findall(r"url\(['\"]?((?:https?:)?//[^)'\"]+)", path.read_text(encoding="utf-8", errors="ignore"))]
    for path in html.rglob("*.js"):
        text = path.read_text(encoding="utf-8", errors="ignore")
        offenders += [(path.name, h) for h in ("cdn.jsdelivr.net", "unpkg.com", "cdnjs.cloudflare.com") if h in text and "vega" in path.name]
    assert offenders == []


def test_no_page_prints_altair_repr(pages):
    for page, text in pages.items():
        assert "alt.Chart(" not in text and "LayerChart(" not in text, page


def test_hedged_figures_are_hollow_and_labelled(page_specs):
    """Every non-exact figure is drawn hollow (fill opacity condition on 'hedged') and its label
    carries the hedge; bars and stems start at zero."""
    for page, spec in all_specs(page_specs):
        rows = rows_of(spec)
        text = json.dumps(spec)
        if any(r.get("hedged") for r in rows):
            assert '"test": "datum.hedged"' in text, spec["usermeta"]["figure"]
        for r in rows:
            if r.get("qualifier") in ("more than", "at least", "about", "up to"):
                assert r["label"].startswith(r["qualifier"]), (spec["usermeta"]["figure"], r["label"])
            if r.get("qualifier") in ("estimate", "claim", "forecast") and "value" in r:
                assert f"({r['qualifier']})" in r["label"], (spec["usermeta"]["figure"], r["label"])
        for zero in re.findall(r'"zero": (\w+)', text):
            assert zero == "true", spec["usermeta"]["figure"]


def test_currencies_never_share_an_axis(page_specs):
    """Amounts in different currencies sit in separate panels, one currency each, and each panel
    is scaled on its own (multiples.bars: the largest figure of the panel)."""
    for page, spec in all_specs(page_specs):
        rows = rows_of(spec)
        currencies = {r["currency"] for r in rows if r.get("currency")}
        if len(currencies) > 1:
            panels = {}
            for r in rows:
                panels.setdefault(r["panel"], set()).add(r["currency"])
            assert all(len(c) == 1 for c in panels.values()), panels
            assert '"groupby": ["panel"]' in json.dumps(spec), spec["usermeta"]["figure"]


VALUE_FIELDS = ("value", "amount", "individuals_added", "sentence_years")


def test_tooltips_carry_value_date_qualifier_quote_and_source(page_specs):
    """Figures show their hedged value; events and reactions their title or summary instead."""
    for page, spec in all_specs(page_specs):
        rows = rows_of(spec)
        text = json.dumps(spec)
        has_value = any(f in rows[0] for f in VALUE_FIELDS)
        required = ["when", "qualifier", "quote", "source", "locator"]
        required.append("label" if has_value else ("title" if "title" in rows[0] else "summary"))
        for field in required:
            assert f'"field": "{field}"' in text, (spec["usermeta"]["figure"], field)


def test_each_chart_describes_itself(page_specs):
    for page, spec in all_specs(page_specs):
        description = spec["description"]
        assert description == spec["usermeta"]["description"]
        assert description.endswith(".") and len(description) > 20


def test_each_layout_and_mode_patches_only_what_differs(page_specs):
    """A chart's phone layout (usermeta.narrow) and dark mode (usermeta.dark, added to the website's
    spec file) patch top-level keys of its own spec and never its data (dark mode: its config
    alone), and the spec both patches make, as stills.patched applies them, is valid Vega-Lite too
    (the two patch different keys, so each is validated there; the unpatched spec is validated
    by test_every_spec_validates_against_the_vega_lite_schema)."""
    from belarusbook.book.stills import patched

    validator = jsonschema.Draft7Validator(SCHEMA)
    narrow = 0
    for page, spec in all_specs(page_specs):
        layout = spec["usermeta"].get("narrow")
        assert set(spec["usermeta"]["dark"]["patch"]) == {"config"}, spec["usermeta"]["figure"]
        if layout:
            narrow += 1
            assert layout["below"] >= 390 and not {"datasets", "usermeta", "data"} & set(layout["patch"])
        assert not {"config"} & set((layout or {}).get("patch", {}))
        drawn = patched(spec, "narrow", "dark")
        drawn.pop("usermeta")
        assert [e.message for e in validator.iter_errors(drawn)] == [], spec["usermeta"]["figure"]
    assert narrow >= 5


def test_outside_a_book_build_a_chart_is_vega_lite_v5_for_jupyterlab(monkeypatch):
    """What a chart cell gives JupyterLab (no book build; tests/test_lab.py sees it drawn): a
    Vega-Lite v5 output with a v5 ``$schema``, and no HTML, which JupyterLab would rank above it."""
    import pandas as pd

    from belarusbook import charts, shape
    from belarusbook.figures import render

    monkeypatch.delenv(render.BOOK_BUILD, raising=False)
    frame = pd.DataFrame([{"name": name, "value": value, "qualifier": "exact", "quote": "q", "source": "mills2021",
                           "locator": "§2.1", "id": f"x-{i}"} for i, (name, value) in enumerate(zip("ABCDE", range(1, 6)))])
    chart = charts.bars(shape.evidence(frame), "name", figure="fig-test-lab", value_title="Count", what="A test")
    bundle = render.mimebundle(chart.to_dict())
    assert bundle["application/vnd.vegalite.v5+json"]["$schema"].endswith("/v5.json")
    assert "text/html" not in bundle


def test_labels_wrap_into_lines_without_losing_a_word():
    from belarusbook.figures.shape import lines
    text = "Joint statement (EU, Australia, Canada, New Zealand, UK)"
    for chars in (12, 17, 30):
        wrapped = lines(text, chars)
        assert " ".join(wrapped) == text and all(len(line) <= chars for line in wrapped)
    assert lines("Internationalisation", 5) == ["Internationalisation"]  # a long word is never split
    assert lines("", 10) == [""]


@pytest.mark.parametrize("dates", [("2020-09-29", "2021-06-21"), ("2019-01-01", "2025-02-03"), ("2004-01-01", "2025-01-01")])
@pytest.mark.parametrize("fmt", ["%Y", "%b %Y"])
@pytest.mark.parametrize("narrow", [False, True])
def test_a_time_axis_never_repeats_a_tick_label(dates, fmt, narrow):
    """Drawn by Vega itself (vl-convert), at the phone and the column width."""
    import vl_convert as vlc
    from belarusbook.figures.parts import time_axis
    spec = {"data": {"values": [{"date": d} for d in dates]}, "mark": "point", "width": 300 if narrow else 620,
            "encoding": {"x": {"field": "date", "type": "temporal",
                               "axis": time_axis(dates, fmt, narrow).to_dict()}}}
    svg = vlc.vegalite_to_svg(spec)
    ticks = re.findall(r'<text[^>]*>([^<]+)</text>', svg)
    assert len(ticks) >= 2 and len(ticks) == len(set(ticks)), ticks


def test_hedged_marks_keep_a_full_strength_outline(page_specs):
    """A mark whose fill fades when hedged also has a stroke (encoded or set) and no stroke
    opacity below 1: the outline is what a reader sees."""
    def walk(node):
        if isinstance(node, dict):
            yield node
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)
    for page, spec in all_specs(page_specs):
        for unit in walk(spec):
            encoding = unit.get("encoding") if isinstance(unit.get("encoding"), dict) else None
            if encoding and "fillOpacity" in encoding and "mark" in unit:
                mark = unit["mark"] if isinstance(unit["mark"], dict) else {"type": unit["mark"]}
                assert "stroke" in encoding or "stroke" in mark, (spec["usermeta"]["figure"], mark)
                assert mark.get("strokeOpacity", 1) == 1 and "strokeOpacity" not in encoding
