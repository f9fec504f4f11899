"""The back-of-book index: the chapters' index entries make genindex.html, linked from the
navigation, and an Index with page numbers at the end of the PDF. Every person on the names page
is indexed under the book's form of the name (surname first), and every other spelling the sources
use has a "see" entry that points to it."""

from __future__ import annotations

import csv
import re
import subprocess

import pytest
from bs4 import BeautifulSoup

from conftest import MAIN_CHAPTERS, ROOT

MINIMUM = 80


def invert(name: str) -> str:
    """"Alyaksandr Lukashenka" as an index heading: "Lukashenka, Alyaksandr"."""
    parts = name.split()
    return name if len(parts) == 1 else f"{parts[-1]}, {' '.join(parts[:-1])}"


def rows(table: str) -> list[dict]:
    with open(ROOT / "data" / f"{table}.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def names_page_people() -> dict[str, list[str]]:
    """Each person of the Names page (data/names.csv) by the book's form, with the other forms the
    sources write (data/variants.csv), less a bare surname that is the book's own."""
    people = {r["id"]: r["name"] for r in rows("names") if r["group"] != "place"}
    out: dict[str, list[str]] = {name: [] for name in people.values()}
    for row in rows("variants"):
        book = people.get(row["of"])
        if book and row["variant"] not in (book, book.split()[-1]) and row["variant"] not in out[book]:
            out[book].append(row["variant"])
    return out


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
    assert len(people) >= 50, len(people)
    missing = [invert(book) for book in people if invert(book) not in index]
    assert missing == []
    unlinked = [invert(book) for book in people if not index[invert(book)].find("a", href=True)]
    assert unlinked == []


def test_each_names_and_glossary_entry_is_indexed_as_a_main_entry_pointing_at_its_anchor(index):
    """The index's first link for each person, place and term is its register entry (bold: main)."""
    wanted = {r["index_as"]: f"chapters/names.html#name-{r['id']}" for r in rows("names")}
    wanted.update({r["term"]: f"chapters/glossary.html#term-{r['id']}" for r in rows("glossary")})
    wrong = {}
    for heading, href in wanted.items():
        entry = index.get(heading)
        links = [a["href"] for a in entry.find_all("a", href=True)] if entry is not None else []
        if href not in links:
            wrong[heading] = links[:3]
        elif entry.select_one(f'a[href="{href}"] strong, strong a[href="{href}"]') is None:
            wrong[heading] = "not a main entry"
    assert wrong == {}


def test_every_form_of_a_place_or_term_has_a_see_entry(index):
    """A place's or a term's other forms point to the book's: "Grodno, see Hrodna", "Rosguard, see Rosgvardia"."""
    book = {r["id"]: r["name"] for r in rows("names") if r["group"] == "place"}
    book.update({r["id"]: r["term"] for r in rows("glossary")})
    missing = []
    for row in rows("variants"):
        target = book.get(row["of"])
        if target is None or row["variant"].lower() == target.lower():
            continue
        entry = index.get(row["variant"])
        if entry is None or f"see {target}" not in " ".join(entry.get_text(" ").split()):
            missing.append(f"{row['variant']} -> see {target}")
    assert missing == []


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
