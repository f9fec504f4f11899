"""Two clean builds give identical chart specs and identical data downloads: no timestamps,
random ids or hash-order in anything a reader downloads or a citation points at."""

from __future__ import annotations

from belarusbook.sphinx_ext import SPEC
from conftest import run_build


def charts_and_data(html):
    specs = {p.name: SPEC.findall(p.read_text(encoding="utf-8")) for p in sorted((html / "chapters").glob("*.html"))}
    data = {p.name: p.read_bytes() for p in sorted((html / "_static" / "figures").glob("*.csv"))}
    return specs, data


def test_two_clean_builds_are_identical(book, html, tmp_path):
    second = run_build(tmp_path / "again")
    assert second.returncode == 0, second.log[-3000:]
    first_specs, first_data = charts_and_data(html)
    second_specs, second_data = charts_and_data(second.html)
    assert sum(len(v) for v in first_specs.values()) >= 24
    assert first_specs == second_specs
    assert first_data.keys() == second_data.keys() and len(first_data) >= 24
    for name in first_data:
        assert first_data[name] == second_data[name], name
    assert (html / "_static" / "vendor" / "vega-charts.js").read_bytes() == \
        (second.html / "_static" / "vendor" / "vega-charts.js").read_bytes()
