"""How to cite the book, its chapters, figures and data: one set of metadata, read from
CITATION.cff, rendered as BibTeX and APA for the How to cite page."""

from __future__ import annotations

import re

from IPython.display import Markdown

from .paths import ROOT

CHAPTERS = {
    "election": (1, "The 2020 election"),
    "repression": (2, "Repression"),
    "russia": (3, "Russian influence"),
    "west": (4, "The Western response"),
    "outlook": (5, "Outlook"),
}


def _cff(key: str) -> str:
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    match = re.search(rf"^{key}:\s*\"?(.+?)\"?\s*$", text, re.MULTILINE)
    if not match:
        raise KeyError(f"CITATION.cff has no {key}")
    return match.group(1)


VERSION = _cff("version")
RELEASED = _cff("date-released")
TITLE = _cff("title")
URL = _cff("url")
AUTHOR = "The Belarus 2020–2025 book editors"
YEAR = RELEASED[:4]


def entries(kind: str, chapter: str | None = None, figure: str | None = None, caption: str | None = None) -> tuple[str, str]:
    """(BibTeX, APA) for the book, a chapter, a figure or the data package."""
    if kind == "book":
        bib = (f"@book{{belarusbook{YEAR},\n  title   = {{{TITLE}}},\n  author  = {{{{{AUTHOR}}}}},\n"
               f"  year    = {{{YEAR}}},\n  edition = {{Version {VERSION}}},\n  url     = {{{URL}}}\n}}")
        apa = f"{AUTHOR}. ({YEAR}). *{TITLE}* (Version {VERSION}). {URL}"
    elif kind == "chapter":
        number, name = CHAPTERS[chapter]
        bib = (f"@incollection{{belarusbook{YEAR}{chapter},\n  title     = {{{name}}},\n  booktitle = {{{TITLE}}},\n"
               f"  author    = {{{{{AUTHOR}}}}},\n  chapter   = {{{number}}},\n  year      = {{{YEAR}}},\n"
               f"  edition   = {{Version {VERSION}}},\n  url       = {{{URL}}}\n}}")
        apa = f"{AUTHOR}. ({YEAR}). {name} (Chapter {number}). In *{TITLE}* (Version {VERSION}). {URL}"
    elif kind == "figure":
        number, name = CHAPTERS[chapter]
        bib = (f"@misc{{belarusbook{YEAR}fig{figure.replace('.', '_')},\n  title = {{Figure {figure}: {caption}}},\n"
               f"  author = {{{{{AUTHOR}}}}},\n  howpublished = {{In {TITLE}, chapter {number}, version {VERSION}}},\n"
               f"  year = {{{YEAR}}},\n  url = {{{URL}}}\n}}")
        apa = f"Figure {figure} in {AUTHOR}. ({YEAR}). {name}. In *{TITLE}* (Version {VERSION}). {URL}"
    elif kind == "data":
        bib = (f"@misc{{belarusbook{YEAR}data,\n  title = {{Belarus 2020--2025: figures with verified provenance (data package)}},\n"
               f"  author = {{{{{AUTHOR}}}}},\n  year = {{{YEAR}}},\n  version = {{{VERSION}}},\n"
               f"  note = {{Frictionless data package, data/datapackage.json; CC BY 4.0}},\n  url = {{{URL}}}\n}}")
        apa = (f"{AUTHOR}. ({YEAR}). *Belarus 2020–2025: figures with verified provenance* (Version {VERSION}) "
               f"[Data set]. {URL}")
    else:
        raise ValueError(f"unknown kind {kind!r}")
    return bib, apa


def show(kind: str, **kwargs) -> Markdown:
    bib, apa = entries(kind, **kwargs)
    return Markdown(f"APA:\n\n> {apa}\n\nBibTeX:\n\n```bibtex\n{bib}\n```\n")
