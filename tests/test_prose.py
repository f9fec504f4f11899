"""The prose holds the goals the research-book issues set (measured by belarusbook/book/prose.py, which
`make prose` prints): sentences a reader can follow, one home per fact, every digit in a cited
sentence found in a source it cites, and the structure of a theme chapter.

The baseline is the five theme chapters as the December 2026 review measured them (commit 6d6fd24):
427 sentences and 11,883 words by this module's count (the review, counting punctuation marks
left by removed citations as words: 12,277)."""

from __future__ import annotations

import re

import pytest
import yaml

from belarusbook.book import prose
from conftest import MAIN_CHAPTERS, ROOT

BASELINE_WORDS = 11_883
ALL_PAGES = [p.stem for p in sorted((ROOT / "chapters").glob("*.md"))]


@pytest.fixture(scope="module")
def reports():
    return {r.name: r for r in prose.reports(MAIN_CHAPTERS)}


def test_the_measure_counts_what_the_review_counted():
    """The module reads sentences, words, citations and runs as the review did: a made-up chapter."""
    text = ("---\nx: 1\n---\n\n(c)=\n# Title\n\n```{eval-rst}\n.. index::\n   single: A\n```\n\n"
            "One two three {cite:p}`mills2021{§1.1, fn 9}`. Four five \"six\" seven "
            "{cite:p}`interview2020a{00:01:27},interview2020b{00:01:27}`. See {ref}`repression` and "
            "{cite:p}`yeliseyeu2020{Regime transformation},mills2021{§4}`.\n\n"
            ":::{admonition} In brief\n:class: in-brief\n- alpha beta {cite:p}`mills2021`\n- gamma\n- delta\n:::\n\n"
            "```{code-cell} ipython3\nprint('not prose. Not at all.')\n```\n")
    found = prose.sentences(text)
    assert [s.words for s in found] == [3, 4, 3, 2, 1, 1]
    assert [len(s.sources) for s in found] == [1, 1, 2, 1, 0, 0]
    assert [b.kind for b in prose.blocks(text)] == ["para", "brief", "brief", "brief"]
    assert prose.unsupported_numbers("It cost 1,084 km and 99 tanks {cite:p}`mills2021{§2.2}`.") == ["99"]


@pytest.mark.parametrize("chapter", MAIN_CHAPTERS)
def test_sentences_are_readable(reports, chapter):
    r = reports[chapter]
    assert r.mean <= 24, f"{chapter}: mean {r.mean:.1f} words a sentence, over 24"
    assert r.over_35 <= 0.12 * r.sentences, f"{chapter}: {r.over_35} of {r.sentences} sentences over 35 words"
    assert not r.over_50, f"{chapter}: sentences over 50 words: {[prose.plain(t)[:80] for t in r.over_50]}"


def test_theme_chapters_together_read_like_a_briefing(reports):
    s = sum(r.sentences for r in reports.values())
    w = sum(r.words for r in reports.values())
    assert w / s <= 24
    assert sum(r.over_35 for r in reports.values()) <= 0.12 * s


def test_each_fact_has_one_home(reports):
    """At most 10% of the theme chapters' sentences share a six-word run with another chapter."""
    s = sum(r.sentences for r in reports.values())
    shared = {name: [prose.plain(t)[:90] for t in r.repeated] for name, r in reports.items()}
    assert sum(map(len, shared.values())) <= 0.10 * s, shared


def test_the_theme_chapters_are_at_least_15_per_cent_shorter(reports):
    words = sum(r.words for r in reports.values())
    brief = sum(prose.word_count(b.text) for name in MAIN_CHAPTERS
                for b in prose.blocks(prose.chapter_texts([name])[name]) if b.kind == "brief")
    assert words <= 0.85 * BASELINE_WORDS, f"{words} words (In brief {brief}), baseline {BASELINE_WORDS}"
    assert all(r.words >= 1500 for r in reports.values())


def test_sentences_cite_sources_together(reports):
    """At least 15% of the theme chapters' sentences cite two or more documents (the interview's
    two summaries count as one)."""
    s = sum(r.sentences for r in reports.values())
    assert sum(r.multi_source for r in reports.values()) >= 0.15 * s


@pytest.mark.parametrize("page", ALL_PAGES)
def test_every_number_in_a_cited_sentence_is_in_a_source_it_cites(page):
    text = (ROOT / "chapters" / f"{page}.md").read_text(encoding="utf-8")
    bad = [(prose.plain(s.text)[:100], n) for s in prose.sentences(text) if (n := prose.unsupported_numbers(s.text))]
    assert not bad, bad


@pytest.mark.parametrize("page", ALL_PAGES)
def test_no_typed_count_in_a_caption(page):
    """A caption's numbers come from its sources; a count of the data ("48 of the 59") is glued."""
    text = (ROOT / "chapters" / f"{page}.md").read_text(encoding="utf-8")
    everything = set().union(*(prose.source_numbers(k) for k in
                               ("yeliseyeu2020", "interview2020a", "interview2020b", "mills2021", "preiherman2025")))
    for caption in re.findall(r"caption: (.*?)\n(?=\S|\s*[a-z_]+:|---)", text, re.S):
        missing = prose.numbers(caption) - everything
        assert not missing, f"{page}: {sorted(missing)} in a caption but in no source: {caption[:120]}"
        assert not re.search(r"\b(all but|nearly (two|three)|(two|three) thirds|half of the)\b", caption), caption


@pytest.mark.parametrize("chapter", MAIN_CHAPTERS)
def test_a_theme_chapter_opens_with_its_sources_and_in_brief_and_closes_with_what_it_shows(reports, chapter):
    r = reports[chapter]
    assert r.sources_line, f"{chapter}: no '*Sources:*' line"
    assert r.brief_points == 3 and r.brief_after_first_paragraph, f"{chapter}: In brief box ({r.brief_points} points)"
    assert r.closing_words is not None and 0 < r.closing_words <= 150, f"{chapter}: closing of {r.closing_words} words"
    text = prose.chapter_texts([chapter])[chapter]
    assert text.rfind("\n## ") == text.rfind(f"\n## {prose.CLOSING}"), f"{chapter}: closing is not the last section"
    assert r.links_out >= 3, f"{chapter}: {r.links_out} cross-references to other chapters"


def test_key_findings_come_first_and_link_to_the_case():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    first = [c["file"] for part in toc["parts"] for c in part["chapters"]][0]
    assert first == "chapters/findings"
    text = (ROOT / "chapters" / "findings.md").read_text(encoding="utf-8")
    items = re.findall(r"^\d+\. (.+(?:\n   .+)*)", text, re.M)
    assert 5 <= len(items) <= 9, len(items)
    for item in items:
        assert prose.cited(item) and re.search(r"\{ref\}`", item), item[:80]
    assert "about-limits" in items[-1]


def test_the_conclusion_follows_the_outlook():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    assert files.index("chapters/conclusion") == files.index("chapters/outlook") + 1
    words = sum(s.words for s in prose.sentences(prose.chapter_texts(["conclusion"])["conclusion"]))
    assert 900 <= words <= 1600, words


@pytest.mark.parametrize("page", ALL_PAGES)
def test_no_spelling_the_sources_do_not_use(page):
    text = (ROOT / "chapters" / f"{page}.md").read_text(encoding="utf-8")
    for invented in ("Tsapkala", "Kalesnikava", "Maryia"):
        assert invented not in text, f"{page}: {invented}"


def test_the_forecast_table_and_the_verdicts_chart_agree():
    """The outlook's table and fig-outlook-verdicts (data/forecasts.csv) give the same verdicts."""
    import csv

    text = prose.chapter_texts(["outlook"])["outlook"]
    table = [line.rstrip().rstrip("|").rsplit("|", 1)[-1].strip() for line in text.splitlines()
             if line.startswith("| {cite:t}")]
    with open(ROOT / "data" / "forecasts.csv", encoding="utf-8") as fh:
        data = [row["verdict"] for row in csv.DictReader(fh)]
    assert len(table) == len(data) >= 5
    assert sorted(table) == sorted(data), (sorted(table), sorted(data))
