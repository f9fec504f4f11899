"""The back-of-book index: the chapters' index entries make genindex.html, linked from the
navigation, and an Index with page numbers at the end of the PDF. Every person on the names page
is indexed under the book's form of the name (surname first), and every other spelling the sources
use has a "see" entry that points to it."""

from __future__ import annotations

import re
import subprocess

import pytest
from bs4 import BeautifulSoup

from conftest import MAIN_CHAPTERS, ROOT

MINIMUM = 80
#: The tables of people on the names page (chapters/names.md).
PEOPLE_TABLES = ("### Belarusian people", "### Russian and other people")


def invert(name: str) -> str:
    """"Alyaksandr Lukashenka" as an index heading: "Lukashenka, Alyaksandr"."""
    parts = name.split()
    return name if len(parts) == 1 else f"{parts[-1]}, {' '.join(parts[:-1])}"


def names_page_people() -> dict[str, list[str]]:
    """Each person's book form on the names page, with the other spellings the sources use (less
    the notes in brackets, and a bare surname that is the book's own)."""
    text = (ROOT / "chapters" / "names.md").read_text(encoding="utf-8")
    people: dict[str, list[str]] = {}
    for heading in PEOPLE_TABLES:
        table = text.split(heading, 1)[1].split("\n#", 1)[0]
        rows = [l for l in table.splitlines() if l.startswith("|")][2:]
        assert rows, heading
        for row in rows:
            book, *cells = [c.strip() for c in row.strip().strip("|").split("|")]
            variants = []
            for cell in cells:
                for form in cell.split(";"):
                    form = re.sub(r"\([^)]*\)", "", form).strip()
                    if form not in ("", "—", book, book.split()[-1]) and form not in variants:
                        variants.append(form)
            people[book] = variants
    return people


@pytest.fixture(scope="session")
def index(html) -> dict[str, BeautifulSoup]:
    """The top-level entries of genindex.html, as Sphinx renders them (one <li> in the columns of
    its letter tables), by heading."""
    soup = BeautifulSoup((html / "genindex.html").read_text(encoding="utf-8"), "html.parser")
    entries = {}
    for item in soup.select("table.genindextable > tr > td > ul > li"):
        heading = item.find(string=True, recursive=True).strip().rstrip(",")
        entries[heading] = item
    return entries


def test_html_index_has_at_least_80_entries(index):
    assert len(index) >= MINIMUM, f"{len(index)} entries: {sorted(index)}"


def test_lukashenka_is_indexed_with_links_to_every_main_chapter(index):
    entry = index.get("Lukashenka, Alyaksandr")
    assert entry is not None, sorted(index)[:40]
    pages = {a["href"].split("#")[0] for a in entry.find_all("a", href=True)}
    assert {f"chapters/{c}.html" for c in MAIN_CHAPTERS} <= pages, pages


def test_every_person_on_the_names_page_is_indexed_under_the_books_form(index):
    people = names_page_people()
    assert len(people) >= 40, len(people)
    missing = [invert(book) for book in people if invert(book) not in index]
    assert missing == []
    unlinked = [invert(book) for book in people if not index[invert(book)].find("a", href=True)]
    assert unlinked == []


def test_every_variant_spelling_has_a_see_entry(index):
    expected = {(invert(form), invert(book)) for book, forms in names_page_people().items() for form in forms}
    assert len(expected) >= 15, expected
    missing = []
    for variant, book in sorted(expected):
        entry = index.get(variant)
        if entry is None or f"see {book}" not in " ".join(entry.get_text(" ").split()):
            missing.append(f"{variant} -> see {book}")
    assert missing == []


def test_index_is_linked_from_the_navigation_of_every_page(pages):
    for name, text in pages.items():
        soup = BeautifulSoup(text, "html.parser")
        links = [a["href"] for a in soup.select(".bd-sidebar-primary a[href]")]
        assert "../genindex.html" in links, f"chapters/{name}.html: no link to the index in its navigation"


@pytest.mark.latex
def test_pdf_ends_with_an_index_with_page_numbers(pdf):
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    openings = [i for i, page in enumerate(pages) if re.fullmatch(r"\s*(INDEX|Index)\s*", page.split("\n", 1)[0])]
    assert openings, "no page of the PDF opens with the heading Index"
    start = openings[-1]
    tail = "\n".join(pages[start:])
    assert "Lukashenka, Alyaksandr" in tail
    numbered = re.findall(r"^\S.*?, \d+(?:, \d+)*$", tail, re.M)
    assert len(numbered) >= MINIMUM, f"{len(numbered)} index entries with page numbers"
    last_chapter = max(i for i, page in enumerate(pages) if page.lstrip().startswith("HOW TO CITE"))
    assert start > last_chapter, "the Index is not after the book's last page, How to cite"
    last = next(page for page in reversed(pages) if page.strip())
    assert re.search(r"^\S.*?, \d+(?:, \d+)*$", last, re.M), "the PDF's last page holds no index entry"
