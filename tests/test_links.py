"""No link in the built website leads nowhere: every internal href or src of every page, the
search and index pages included, names a file in the output, and every #anchor an id in it."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINKING = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src", "iframe": "src"}


class Links(HTMLParser):
    """The internal links of a page and the anchors it offers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.anchors: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if attrs.get(name):
                self.anchors.add(attrs[name])
        target = attrs.get(LINKING.get(tag, ""))
        if target and not urlsplit(target).scheme and not target.startswith("//"):
            self.links.append(target)


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def broken_links(site: Path) -> list[str]:
    pages = sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)
    parsed = {page: parse(page) for page in pages}
    broken = []
    for page, links in parsed.items():
        for link in links.links:
            parts = urlsplit(link)
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            where = f"{page.relative_to(site)}: {link}"
            if not target.is_file():
                broken.append(f"{where} (no such file)")
            elif parts.fragment and target.suffix == ".html":
                anchors = (parsed.get(target) or parse(target)).anchors
                if unquote(parts.fragment) not in anchors:
                    broken.append(f"{where} (no such anchor)")
    return broken


def test_every_internal_link_and_anchor_resolves(html):
    pages = [p for p in html.rglob("*.html") if "_static" not in p.relative_to(html).parts]
    assert {"search.html", "genindex.html"} <= {p.name for p in pages}
    assert broken_links(html) == []


def test_the_link_check_finds_a_broken_link(tmp_path):
    (tmp_path / "a.html").write_text('<a href="b.html#x">b</a><a href="c.html">c</a><a id="y" href="#y">y</a>')
    (tmp_path / "b.html").write_text('<p id="z">b</p>')
    assert broken_links(tmp_path) == ["a.html: b.html#x (no such anchor)", "a.html: c.html (no such file)"]
