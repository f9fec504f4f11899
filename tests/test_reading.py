"""Reading aids: link previews (sphinx-tippy, belarusbook/book/previews.py) and social previews
(sphinxext-opengraph, belarusbook/book/social.py), checked on the real build in Debian's Chromium with
every host but localhost cut off."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from belarusbook.book.assets import chart_specs
from conftest import ROOT, bench

CHAPTER = "chapters/election.html"
CITATION = 'a[href^="references.html#"]'
NUMREF = 'a[href="#fig-election-opinion"]'
SECTION_REF = 'a[href="repression.html#repression"]'
TIP = "[data-tippy-root] .tippy-box .tippy-content"


def site_url() -> str:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return config["html"]["baseurl"].rstrip("/") + "/"


def book_title() -> str:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["title"]


def og(page_html: str) -> dict[str, str]:
    soup = BeautifulSoup(page_html, "html.parser")
    return {m["property"]: m["content"] for m in soup.select("meta[property^='og:']")}


def test_every_page_carries_its_og_tags(html):
    """Every page the HTML build writes, genindex.html and search.html (which have no doctree) and
    the redirecting root index.html included; the theme's Jinja files in _static are not pages."""
    pages = sorted(p for p in html.rglob("*.html") if "_static" not in p.relative_to(html).parts)
    assert {"index.html", "genindex.html", "search.html"} <= {p.name for p in pages}
    assert len([p for p in pages if p.parent.name == "chapters"]) >= 8
    base = site_url()
    site_names = set()
    for page in pages:
        text = page.read_text(encoding="utf-8")
        name_ = str(page.relative_to(html))
        tags = og(text)
        refresh = BeautifulSoup(text, "html.parser").select_one("meta[http-equiv='Refresh']")
        if refresh:  # the root index.html redirects to the first page, and previews as that page
            target = html / refresh["content"].split("url=", 1)[1]
            assert tags == og(target.read_text(encoding="utf-8")) != {}, (name_, tags)
            continue
        for name in ("og:title", "og:description", "og:image", "og:url", "og:type", "og:site_name"):
            assert tags.get(name, "").strip(), (name_, name, tags)
        assert tags["og:url"] == base + name_, name_
        assert tags["og:image"].startswith(base), (name_, tags["og:image"])
        image = html / tags["og:image"][len(base):]
        assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", (name_, image)
        specs = chart_specs(text, page)
        expected = f"_static/figures/{specs[0]['usermeta']['figure']}.png" if specs else "_static/book-card.png"
        assert tags["og:image"] == base + expected, name_
        if not specs:  # the card's alt text is the book's title (not Sphinx's "Project name not set")
            assert tags["og:image:alt"] == book_title(), (name_, tags)
        assert tags["og:type"] == "website", name_
        site_names.add(tags["og:site_name"])
    assert len(site_names) == 1, site_names


def test_the_pages_without_a_doctree_say_what_they_are(html):
    title = book_title()
    index = og((html / "genindex.html").read_text(encoding="utf-8"))
    search = og((html / "search.html").read_text(encoding="utf-8"))
    assert index["og:title"] == "Index" and search["og:title"] == "Search", (index, search)
    assert index["og:description"].startswith("Index of people, places, organisations and terms"), index
    assert search["og:description"].startswith("Search"), search
    for tags in (index, search):
        assert tags["og:description"].endswith(title), tags


def test_the_epub_carries_no_og_tags(epub):
    """Social previews are for the website: none of the e-book's pages gets them, nor any page the
    EPUB build writes beside it (genindex and search included)."""
    with zipfile.ZipFile(epub) as book:
        pages = {n: book.read(n).decode("utf-8") for n in book.namelist() if n.endswith(".xhtml")}
    assert "genindex.xhtml" in pages and len(pages) >= 10, sorted(pages)
    written = [p for p in epub.parent.rglob("*html") if "_static" not in p.relative_to(epub.parent).parts]
    pages |= {str(p): p.read_text(encoding="utf-8") for p in written}
    assert [n for n, text in pages.items() if 'property="og:' in text] == []


def test_og_description_is_the_opening_paragraph(html):
    text = (html / CHAPTER).read_text(encoding="utf-8")
    soup = BeautifulSoup(text, "html.parser")
    first = soup.select_one("main section > p").get_text(" ", strip=True)
    description = og(text)["og:description"].rstrip(".").rstrip()
    assert first.startswith(description[:120]), (description, first)


def test_previews_load_from_the_book_and_do_not_block_the_first_paint(html):
    soup = BeautifulSoup((html / CHAPTER).read_text(encoding="utf-8"), "html.parser")
    scripts = [s for s in soup.select("script[src]") if "tippy" in s["src"] or "popper" in s["src"]]
    assert len(scripts) == 3, scripts  # popper, tippy, this page's tips
    for script in scripts:
        assert script["src"].startswith("../_static/") and script.has_attr("defer"), script
        assert (html / "chapters" / script["src"].split("?")[0]).resolve().is_file(), script
    sheet = soup.select_one('link[href*="previews.css"]')
    assert sheet is not None and sheet["media"] == "print", sheet  # switched to "all" once loaded
    for licence in ("popperjs-core-LICENSE.md", "tippy.js-LICENSE"):
        assert "MIT" in (html / "_static" / "vendor" / licence).read_text(encoding="utf-8")
    assert not list(html.glob("tippy_*_cache.json"))


def entry_text(html: Path, href: str) -> str:
    """A citation's bibliography entry, as the References page prints it."""
    page, target = href.split("#")
    soup = BeautifulSoup((html / "chapters" / page).read_text(encoding="utf-8"), "html.parser")
    return soup.select_one(f"div.citation[id='{target}'] p").get_text().strip()


def open_chapter(browser, site, dark: bool = False):
    """The chapter with every request outside localhost blocked and recorded, tips ready."""
    context = browser.new_context(color_scheme="dark" if dark else "light", viewport={"width": 1280, "height": 900})
    external = bench.block_external(context)
    page = context.new_page()
    page.goto(f"{site}/{CHAPTER}", wait_until="load")
    page.wait_for_function(f"() => document.querySelector('main {CITATION}')?._tippy !== undefined")
    return context, page, external


def shown_tip(page) -> str:
    page.locator(TIP).first.wait_for(state="visible")
    return " ".join(page.locator(TIP).first.inner_text().split())


@pytest.mark.browser
def test_a_citation_previews_its_entry_on_hover(browser, site, html):
    context, page, external = open_chapter(browser, site)
    link = page.locator(f"main {CITATION}").first
    link.scroll_into_view_if_needed()
    link.hover()
    expected = " ".join(entry_text(html, link.get_attribute("href")).split())
    assert shown_tip(page) == expected
    context.close()
    assert external == []


@pytest.mark.browser
def test_a_citation_previews_its_entry_on_keyboard_focus(browser, site, html):
    context, page, external = open_chapter(browser, site)
    for _ in range(400):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches('main {CITATION}')"):
            break
    else:
        pytest.fail("Tab never reached a citation")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    assert shown_tip(page) == " ".join(entry_text(html, href).split())
    context.close()
    assert external == []


@pytest.mark.browser
def test_a_figure_reference_previews_the_figure_and_a_section_reference_its_opening(browser, site):
    context, page, external = open_chapter(browser, site)
    link = page.locator(f"main {NUMREF}").first
    link.scroll_into_view_if_needed()
    link.hover()
    assert shown_tip(page).startswith("Fig. 1.")
    image = page.locator(f"{TIP} img")
    image.wait_for(state="visible")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert image.get_attribute("alt")
    page.mouse.move(0, 0)
    page.locator(TIP).first.wait_for(state="detached")
    section = page.locator(f"main {SECTION_REF}").first
    section.scroll_into_view_if_needed()
    section.hover()
    assert shown_tip(page).startswith("2. Repression")
    context.close()
    assert external == []


def serious(page) -> set[tuple[str, str]]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return {(v["id"], json.dumps(n["target"])) for v in results.response["violations"]
            if v["impact"] in ("serious", "critical") for n in v["nodes"]}


@pytest.mark.browser
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_an_open_preview_keeps_axe_clean(browser, site, dark):
    """Each kind of tip, open, adds no serious or critical axe violation to the page (the page's
    own are test_browser's). Tips are opened through tippy, not the mouse: a hovered link takes
    the theme's hover colour, which is not the tip's doing."""
    context, page, external = open_chapter(browser, site, dark=dark)
    page.wait_for_function("() => [...document.styleSheets].some(s => (s.href || '').includes('previews.css') && s.media.mediaText === 'all')")
    baseline = serious(page)
    added = {}
    for selector in (CITATION, NUMREF, SECTION_REF):
        link = page.locator(f"main {selector}").first
        link.scroll_into_view_if_needed()
        link.evaluate("a => a._tippy.show()")
        page.locator(TIP).first.wait_for(state="visible")
        assert page.locator(TIP).first.inner_text().strip()
        assert link.get_attribute("aria-describedby")  # the tip is the link's description
        if found := serious(page) - baseline:
            added[selector] = sorted(found)
        link.evaluate("a => a._tippy.hide()")
        page.locator(TIP).first.wait_for(state="detached")
    context.close()
    assert added == {}, json.dumps(added, indent=1)[:4000]
    assert external == []
