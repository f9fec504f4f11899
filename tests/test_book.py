"""The book itself: a strict build, a complete table of contents, executable chapters of the
required length, and citations that are dense, resolve, and use every source."""

from __future__ import annotations

import re

import pytest
import yaml
from pybtex.database import parse_file

from belarusbook.book import prose as book_prose
from conftest import MAIN_CHAPTERS, ROOT

CITE = re.compile(r"\{cite:[a-z]+\}`([^`]*)`")
TARGET = re.compile(r"\s*(?:\{[^{}]*\})?\s*([^{}\s,]+)\s*(?:\{[^{}]*\})?\s*")
SPHINX_WARNING = re.compile(r"(WARNING|ERROR|CRITICAL):")


def toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [c["file"] for c in part["chapters"]]
    return files


def chapter_text(name: str) -> str:
    return (ROOT / "chapters" / f"{name}.md").read_text(encoding="utf-8")


def cited_keys(text: str) -> list[str]:
    keys = []
    for body in CITE.findall(text):
        depth, parts, current = 0, [], ""
        for ch in body:
            depth += ch == "{"
            depth -= ch == "}"
            if ch == "," and depth == 0:
                parts.append(current)
                current = ""
            else:
                current += ch
        parts.append(current)
        for part in parts:
            match = TARGET.fullmatch(part)
            assert match, f"malformed citation target {part!r}"
            keys.append(match.group(1))
    return keys


def prose(text: str) -> list[str]:
    """Paragraphs of prose (an In brief point is one), as belarusbook.book.prose reads them: no front
    matter, code cells, headings, tables or labels."""
    return [block.text for block in book_prose.blocks(text)]


def words(paragraph: str) -> int:
    return book_prose.word_count(paragraph)


def test_strict_build_passes(book):
    assert book.returncode == 0, book.log[-4000:]
    warnings = [l for l in book.log.splitlines() if SPHINX_WARNING.search(l) and "[IPKernelApp]" not in l]
    assert warnings == [], "\n".join(warnings)


def test_every_toc_entry_exists_and_is_an_executable_notebook():
    files = toc_files()
    assert [f"chapters/{c}" for c in MAIN_CHAPTERS] == [f for f in files if f.split("/")[-1] in MAIN_CHAPTERS]
    for entry in files:
        path = ROOT / f"{entry}.md"
        assert path.exists(), f"{entry} is in _toc.yml but {path} is missing"
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        assert front["kernelspec"]["name"] == "python3", f"{entry} has no python3 kernelspec"
        assert front["jupytext"]["text_representation"]["format_name"] == "myst", entry


def test_no_page_outside_the_toc_is_built():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert config["only_build_toc_files"] is True
    on_disk = {f"chapters/{p.stem}" for p in (ROOT / "chapters").glob("*.md")}
    assert on_disk == set(toc_files())


@pytest.mark.parametrize("chapter", MAIN_CHAPTERS)
def test_main_chapter_length_and_citations(chapter):
    text = chapter_text(chapter)
    paragraphs = prose(text)
    total = sum(words(p) for p in paragraphs)
    citations = len(CITE.findall(text))
    assert total >= 1500, f"{chapter}: {total} words of prose, fewer than 1,500"
    assert citations >= 10, f"{chapter}: {citations} citations, fewer than 10"
    assert citations * 150 >= total, f"{chapter}: {citations} citations for {total} words"


# Pages about the book itself (its bibliography, citation, methods and timeline instructions)
# state no facts about Belarus, so they carry no citation quota. The Glossary and the Chronology
# say in their own text only how they are made: their entries are drawn from the data, each with
# its citation (tests/test_registers.py checks every one in the built page).
ABOUT_THE_BOOK = {"references", "how-to-cite", "data-methods", "timeline", "glossary", "chronology"}


@pytest.mark.parametrize("chapter", [p.stem for p in sorted((ROOT / "chapters").glob("*.md"))
                                     if p.stem not in ABOUT_THE_BOOK])
def test_citation_density_in_every_page(chapter):
    """At least one citation per 150 words of prose, on every page that states facts."""
    text = chapter_text(chapter)
    total = sum(words(p) for p in prose(text))
    citations = len(CITE.findall(text))
    assert citations * 150 >= total, f"{chapter}: {citations} citations for {total} words"


@pytest.mark.parametrize("chapter", MAIN_CHAPTERS)
def test_every_substantial_paragraph_is_cited(chapter):
    """A paragraph of facts without a citation is a defect; figure pointers and a chapter's line
    naming the sources it rests on are not facts."""
    uncited = [p[:90] for p in prose(chapter_text(chapter))
               if words(p) > 25 and not CITE.search(p) and not p.startswith(("{numref}", "*Sources:*"))]
    assert uncited == []


def test_every_bib_entry_is_cited_and_every_citation_resolves():
    bib = set(parse_file(str(ROOT / "references.bib")).entries)
    cited = set()
    for page in (ROOT / "chapters").glob("*.md"):
        cited |= set(cited_keys(page.read_text(encoding="utf-8")))
    assert cited - bib == set(), f"citations with no bib entry: {cited - bib}"
    assert bib - cited == set(), f"bib entries never cited: {bib - cited}"


def test_bib_keys_are_the_data_source_keys():
    import csv
    bib = set(parse_file(str(ROOT / "references.bib")).entries)
    with open(ROOT / "data" / "sources.csv", newline="", encoding="utf-8") as fh:
        keys = {row["key"] for row in csv.DictReader(fh)}
    assert bib == keys


def test_citations_render_with_locators(pages):
    """Author-year citations with their locators reach the reader, linked to the bibliography."""
    html = pages["repression"]
    assert re.search(r'href="references.html#id\d+"[^>]*>Mills, 2021</a>, §2\.1', html)
    assert "Mills" in pages["references"] and "Open Parliament Licence" in pages["references"]
