"""Find anything (issue 20): the Names page's who's who, the Glossary and the Chronology are drawn
from the data; every form a source writes resolves to one entry; the first use of a term in each
section links to its entry; the site's search finds an entry under any of its forms.

The checks read the data with the csv module and the built pages with BeautifulSoup, not through
the package's own register code, so that they test what the reader gets."""

from __future__ import annotations

import csv
import re
import zipfile

import pytest
from bs4 import BeautifulSoup, NavigableString

from conftest import ROOT

#: Tables whose rows are dated events, and the rows of each that count (datapackage's x-chronology).
EVENT_TABLES = {"events": None, "sanctions": None, "funding": None, "russia": ("agreement", "loan", "meeting")}
#: Pages that are the registers themselves, or list sources: the term links are not made there.
NOT_LINKED = {"glossary", "names", "chronology", "references"}
QUOTE_MARKS = {"“": "open", "”": "close"}


def rows(table: str) -> list[dict]:
    with open(ROOT / "data" / f"{table}.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def soup(html, page: str) -> BeautifulSoup:
    return BeautifulSoup((html / "chapters" / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def plain(text: str) -> str:
    """Straight quotes, single spaces: the only liberties a quoted form may take."""
    return " ".join(text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').split())


def source_text(key: str) -> str:
    return plain((ROOT / "data" / "sources" / f"{key}.txt").read_text(encoding="utf-8"))


# -- the data ------------------------------------------------------------------------------------

def test_every_form_names_one_entry_and_is_written_in_its_sources():
    entries = [r["id"] for r in rows("names")] + [r["id"] for r in rows("glossary")]
    assert len(entries) == len(set(entries)), "an id is used by both registers"
    for row in rows("variants"):
        assert row["of"] in entries, row
        form = plain(row["variant"])
        for key in [row["source"], *filter(None, row["also_in"].split(";"))]:
            assert form in source_text(key), (row["variant"], key)


def test_the_registers_are_large_enough_to_be_of_use():
    assert len(rows("names")) >= 60 and len(rows("glossary")) >= 40 and len(rows("variants")) >= 150
    people = [r for r in rows("names") if r["group"] != "place"]
    assert all(r["role"] for r in people), [r["id"] for r in people if not r["role"]]


def test_a_row_joined_to_an_event_is_dated_as_that_event():
    events = {r["id"]: r for r in rows("events")}
    for table in ("sanctions", "funding", "russia"):
        for row in rows(table):
            if row["event"]:
                event = events[row["event"]]
                assert row["date"][:4] == event["date"][:4], (row["id"], row["event"])


def test_a_form_missing_from_its_source_is_refused(tmp_path):
    import shutil

    from belarusbook.data.validate import validate_all

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / "variants.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",Rosguard,", ",Rosguardia,", 1), encoding="utf-8")
    problems = [str(p) for p in validate_all(data)]
    assert any("variants.csv" in p and "column variant" in p and "'Rosguardia' is not written" in p for p in problems), problems


# -- the pages -----------------------------------------------------------------------------------

def test_names_page_has_an_anchored_entry_with_role_and_citation_per_row(html):
    page = soup(html, "names")
    for row in rows("names"):
        term = page.find("dt", id=f"name-{row['id']}")
        assert term is not None and term.get_text(" ", strip=True).startswith(row["name"]), row["id"]
        definition = term.find_next_sibling("dd")
        assert definition.select_one("a[href^='references.html#']"), row["id"]  # the citation
        if row["role"]:
            assert plain(row["role"])[:40] in plain(definition.get_text(" ")), row["id"]


def test_glossary_has_an_anchored_entry_with_citation_per_term_and_says_where_sources_are_silent(html):
    page = soup(html, "glossary")
    for row in rows("glossary"):
        term = page.find("dt", id=f"term-{row['id']}")
        assert term is not None and term.get_text(strip=True).startswith(row["term"]), row["id"]
        text = " ".join(term.find_next_sibling("dd").get_text(" ").split())
        assert term.find_next_sibling("dd").select_one("a[href^='references.html#']"), row["id"]
        if row["explained"] == "false":
            assert re.search(r"\b(not|neither|nor|without|nothing|only)\b[^.]*\b(explain|define|spell|say|set out|describ)|\bsay (only|nothing)\b", text), (row["id"], text[:120])


def test_chronology_lists_every_dated_event_once_in_date_order_with_section_and_source(html):
    page = soup(html, "chronology")
    table = page.select_one("table.bb-chronology")
    expected = {r["id"] for t, kinds in EVENT_TABLES.items() for r in rows(t) if kinds is None or r["kind"] in kinds}
    found = {tag["id"] for tag in table.select("[id]")}
    assert expected <= found and len(expected) >= 200, sorted(expected - found)[:10]
    dates = {r["id"]: r["date"] for t in EVENT_TABLES for r in rows(t)}
    lines = table.select("tbody tr")
    assert [dates[tr["id"]] for tr in lines] == sorted(dates[tr["id"]] for tr in lines)
    for tr in lines:
        cells = tr.find_all("td")
        assert cells[2].select_one("a.reference.internal[href]"), tr["id"]       # where the book discusses it
        assert cells[3].select_one("a[href^='references.html#']"), tr["id"]     # its source


def _sections(page: BeautifulSoup):
    """Each section of the article with the paragraphs that belong to it (not to a subsection)."""
    for section in page.select("article section"):
        yield section, [p for p in section.find_all("p") if p.find_parent("section") is section
                        and not p.find_parent(["table", "figure", "figcaption", "dl", "blockquote"])
                        and not p.find_parent(class_=["cell_output", "bb-data", "admonition-title"])]


def _walk(paragraph):
    """(text, link-to-glossary-anchor-or-None, inside-a-quotation) for each text piece, in order."""
    inside = False
    for piece in paragraph.descendants:
        if not isinstance(piece, NavigableString):
            continue
        link = piece.find_parent("a")
        if link is not None and "glossary.html#term-" not in link.get("href", ""):
            continue  # a citation or another link: not prose to link from
        target = link["href"].split("#")[1] if link is not None else None
        for part in re.split(r"([“”\"])", str(piece)):
            if part in ("“", '"') and not inside:
                inside = True
            elif part in ("”", '"') and inside:
                inside = False
            elif part:
                yield part, target, inside


def test_first_use_of_each_term_in_each_section_links_to_its_entry_and_no_quotation_is_linked(html):
    """Read independently of the transform that makes the links: walk each section's paragraphs in
    order; the first time a term (or a form of it) appears outside a quotation it must be a link to
    its entry; no link to the glossary may sit inside a quotation or a heading."""
    forms = {r["term"]: f"term-{r['id']}" for r in rows("glossary")}
    ids = {r["id"]: r["term"] for r in rows("glossary")}
    forms.update({r["variant"]: f"term-{r['of']}" for r in rows("variants") if r["of"] in ids})
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?![\w-])")
    problems, linked = [], 0
    for path in sorted((html / "chapters").glob("*.html")):
        if path.stem in NOT_LINKED:
            continue
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for heading in page.select("article h1, article h2, article h3, article h4"):
            assert heading.select_one("a[href*='glossary.html#term-']") is None, (path.stem, heading.get_text())
        for section, paragraphs in _sections(page):
            seen = set()
            for paragraph in paragraphs:
                for text, target, inside in _walk(paragraph):
                    if target and inside:
                        problems.append(f"{path.stem}: a link inside a quotation: {text!r}")
                    if inside:
                        continue
                    for match in pattern.finditer(text):
                        anchor = forms[match.group(1)]
                        if anchor in seen:
                            continue
                        seen.add(anchor)
                        if target == anchor:
                            linked += 1
                        else:
                            problems.append(f"{path.stem} §{section.get('id')}: first {match.group(1)!r} is not linked")
    assert problems == [] and linked >= 50, (linked, problems[:20])


# -- search, in the browser ------------------------------------------------------------------------

def _queries() -> list[tuple[str, str]]:
    """(what a reader types, the anchor of the entry it must find): every form a source writes of
    a name or a term, and every term as the book writes it."""
    anchor = {r["id"]: f"names.html#name-{r['id']}" for r in rows("names")}
    anchor.update({r["id"]: f"glossary.html#term-{r['id']}" for r in rows("glossary")})
    wanted = {r["term"]: f"glossary.html#term-{r['id']}" for r in rows("glossary")}
    for row in rows("variants"):
        wanted.setdefault(row["variant"], anchor[row["of"]])
    return sorted(wanted.items())


SEARCH = """async (q) => {
  const out = document.getElementById("search-results");
  out.innerHTML = "";
  Search.performSearch(q);
}"""
READY = """() => {
  const items = [...document.querySelectorAll("#search-results ul.search > li")];
  const done = document.querySelector("#search-results h2")?.innerText === "Search Results";
  const top = items.slice(0, 3);
  return done && top.every((li) => li.querySelector("p.context"));
}"""
TOP = """() => [...document.querySelectorAll("#search-results ul.search > li")].slice(0, 3).map((li) => [
  li.querySelector("a").getAttribute("href"), (li.querySelector("p.context") || {}).innerText || ""])"""


@pytest.mark.parametrize("width", [1300, 390])
def test_search_finds_the_entry_for_every_form_and_term_with_an_excerpt(browser, site, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    external = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(site) else None)
    page.goto(f"{site}/search.html", wait_until="load")
    page.wait_for_function("() => Search.hasIndex()")
    misses = {}
    queries = _queries()
    assert len(queries) >= 150
    for typed, entry in queries:
        page.evaluate(SEARCH, typed)
        page.wait_for_function(READY, timeout=20_000)
        top = page.evaluate(TOP)
        hrefs = [href for href, _ in top]
        if not any(href.endswith(entry) for href in hrefs) or not all(excerpt.strip() for _, excerpt in top):
            misses[typed] = top
    context.close()
    assert external == []
    assert misses == {}, list(misses.items())[:10]


def test_a_sources_spelling_is_searched_as_the_books_and_the_page_says_so(browser, site):
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    page.goto(f"{site}/search.html?q=Tikhanovskaya", wait_until="load")
    page.wait_for_function(READY, timeout=20_000)
    note = page.locator(".bb-search-rewrite").inner_text()
    assert "Tsikhanouskaya" in note and "Tikhanovskaya" in note
    first = page.evaluate(TOP)[0]
    assert first[0].endswith("names.html#name-tsikhanouskaya") and "Tsikhanouskaya" in first[1]
    context.close()


@pytest.mark.parametrize("word,line", [("Ryanair", "Ryanair flight forced to land in Minsk"),
                                       ("Sochi", "Russian loan announced at Sochi")])
def test_search_finds_a_chronology_row(browser, site, word, line):
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    page.goto(f"{site}/search.html?q={word}", wait_until="load")
    page.wait_for_function("() => document.querySelector('#search-results h2')?.innerText === 'Search Results'")
    page.wait_for_function("() => [...document.querySelectorAll('ul.search > li')].every((li) => li.querySelector('p.context'))", timeout=20_000)
    found = page.evaluate("""() => [...document.querySelectorAll("ul.search > li")].map((li) =>
        [li.querySelector("a").getAttribute("href"), li.querySelector("p.context").innerText])""")
    assert any(href.startswith("chapters/chronology.html") and line[:25] in excerpt for href, excerpt in found), found
    context.close()


# -- print and e-book --------------------------------------------------------------------------------

@pytest.mark.latex
def test_pdf_carries_the_glossary_the_whos_who_and_the_chronology(pdf_text):
    flat = " ".join(pdf_text.split())
    for heading in ("GLOSSARY", "CHRONOLOGY", "Who’s who"):
        assert heading in flat or heading.upper() in flat.upper(), heading
    assert "Rosgvardia" in flat and "Maria Kolesnikova" in flat and "Ryanair flight forced to land in Minsk" in flat


def test_epub_carries_the_glossary_the_whos_who_and_the_chronology(epub):
    with zipfile.ZipFile(epub) as book:
        names = book.namelist()
        text = {n: book.read(n).decode("utf-8") for n in names if n.endswith(("glossary.xhtml", "names.xhtml", "chronology.xhtml"))}
    assert len(text) == 3, names
    joined = "".join(text.values())
    assert 'id="term-rosgvardia"' in joined and 'id="name-kolesnikova"' in joined and 'id="evt-014"' in joined
