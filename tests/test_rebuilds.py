"""A second clean build, and what an author's rebuilds do with it: two clean builds give
identical chart specs and data downloads; a rebuild with nothing changed executes nothing; an
edit to one chapter's code re-executes that chapter alone; and the PDF, once copied into the
website, is offered on the How to cite page. Which notebooks run is read from the execution
cache's records, not from the clock: build times are ``make bench``'s business."""

from __future__ import annotations

import json
import shutil

from belarusbook.book.assets import chart_specs
from belarusbook.book.pages import PDF
from conftest import ROOT, STRICT, builds

WITH_CODE = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "chapters").glob("*.md")
                   if "{code-cell}" in p.read_text(encoding="utf-8"))


def charts_and_data(html):
    """Each chapter's chart specs, and the bytes of each figure's data (CSV) and stills (SVG)."""
    specs = {p.name: chart_specs(p.read_text(encoding="utf-8"), p) for p in sorted((html / "chapters").glob("*.html"))}
    data = {p.name: p.read_bytes() for p in sorted((html / "_static" / "figures").glob("*"))
            if p.suffix in (".csv", ".svg", ".json")}
    return specs, data


def test_two_clean_builds_are_identical(html, second):
    first_specs, first_data = charts_and_data(html)
    second_specs, second_data = charts_and_data(second.html)
    assert sum(len(v) for v in first_specs.values()) >= 18
    assert first_specs == second_specs
    assert first_data.keys() == second_data.keys() and len(first_data) >= 18
    for name in first_data:
        assert first_data[name] == second_data[name], name
    assert (html / "_static" / "vendor" / "vega-charts.js").read_bytes() == \
        (second.html / "_static" / "vendor" / "vega-charts.js").read_bytes()


def test_a_cold_build_executes_every_chapter_with_code(second):
    assert set(WITH_CODE) <= set(builds.cache_records(second.source)), builds.cache_records(second.source)


def index_entries(html) -> dict:
    """The search index's index entries (what makes a Names or Glossary entry findable)."""
    text = (html / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1:text.rindex(")")])["indexentries"]


def test_rebuilds_execute_only_what_changed_and_offer_the_pdf_once_built(second, pdf):
    clean_entries = index_entries(second.html)
    how_to_cite = second.html / "chapters" / "how-to-cite.html"
    assert f'href="../{PDF}"' not in how_to_cite.read_text(encoding="utf-8")
    assert "make pdf" in how_to_cite.read_text(encoding="utf-8")

    shutil.copy(pdf, second.html / PDF)  # what `make pdf` does after LaTeX
    warm = builds.jupyter_book_build(second.source, "test-warm", STRICT, log_dir=second.root / "logs")
    assert warm["ok"] and warm["warnings"] == 0, warm["first_warnings"]
    assert warm["executed_by_cache_records"] == []
    assert f'href="../{PDF}"' in how_to_cite.read_text(encoding="utf-8")

    builds.touch_first_code_cell(second.source / "chapters" / "repression.md")
    edited = builds.jupyter_book_build(second.source, "test-one", STRICT, log_dir=second.root / "logs")
    assert edited["ok"] and edited["warnings"] == 0, edited["first_warnings"]
    assert edited["executed_by_cache_records"] == ["chapters/repression.md"]
    # the pages not rewritten keep their index entries in the search (search.keep_index_entries)
    assert index_entries(second.html) == clean_entries
