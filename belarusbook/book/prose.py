"""The book's prose measured: ``python -m belarusbook.book.prose [chapter.md ...]`` (``make prose``;
the report it prints and ``--dump`` are in prose_report.py).

For each chapter it reports sentences, mean words per sentence, sentences over 35 and over 50
words, sentences citing two or more documents (the two interview summaries count as one), sentences
that share a six-word run with another theme chapter, digit-written numbers that no cited source
contains, and the structure of a theme chapter (sources line, In brief box, closing section, links
to other chapters). ``tests/test_prose.py`` holds the goals; this module only measures.

How text is read: front matter, code cells, ``eval-rst`` blocks, headings, tables, labels and
comments are dropped; an admonition's body is kept. Citation roles are removed before counting
words; a cross-reference counts as one word.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from functools import cache

from ..data.paths import ROOT, SOURCES

CHAPTERS = ROOT / "chapters"
THEMES = ["election", "repression", "russia", "west", "outlook"]
CLOSING = "What this chapter shows"

CITE = re.compile(r"\{cite:[a-z]+\}`((?:[^`{}]|\{[^{}]*\})*)`")
ROLE = re.compile(r"\{(?:ref|numref|doc|term|glue:text|glue)\}`([^`]*)`")
KEY = re.compile(r"(?:^|,)\s*([A-Za-z0-9_-]+)\s*(?:\{[^{}]*\})?")
SENTENCE_END = re.compile(r"(?<=[.!?])([\"”’)]*)\s+(?=[A-Z\"“‘({*])")
NUMBER = re.compile(r"\d+(?:\.\d+)?")
LABEL = re.compile(r"^\(([A-Za-z0-9_-]+)\)=\s*$", re.M)
FIGURE = re.compile(r"^\s+name: (fig-[A-Za-z0-9-]+)\s*$", re.M)
BRACKETED_NAME = re.compile(r"\((?:[A-Z][\w'’-]+ ?){1,4}\)")


def source_of(key: str) -> str:
    """The interview's two summaries are one source."""
    return "interview2020" if key.startswith("interview2020") else key


def cited(sentence: str) -> list[str]:
    keys = []
    for body in CITE.findall(sentence):
        keys += KEY.findall(body)
    return keys


def plain(sentence: str) -> str:
    """The sentence as a reader reads it: citations gone, a cross-reference one word."""
    text = CITE.sub("", sentence)
    text = ROLE.sub("REF", text)
    text = re.sub(r"\s+", " ", text.replace("*", ""))
    return re.sub(r" ([.,;:!?])", r"\1", text).strip()


def word_count(sentence: str) -> int:
    return len(plain(sentence).split())


@dataclass
class Block:
    kind: str          # "para", "brief" (an In brief point), "sources"
    text: str
    section: str


def blocks(text: str) -> list[Block]:
    """Prose blocks in order, each with the heading of the section it stands in."""
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    text = re.sub(r"^```.*?^```[ \t]*$", "", text, flags=re.S | re.M)
    out, section, in_brief = [], "", False
    for chunk in re.split(r"\n\s*\n", text):
        lines, brief_chunk = [], in_brief
        for line in chunk.strip().splitlines():
            stripped = line.strip()
            if stripped.startswith(":::{admonition}"):
                in_brief = brief_chunk = "In brief" in stripped
                continue
            if stripped == ":::":
                in_brief = False
                continue
            if stripped.startswith(":class:") or stripped.startswith(("%", "|")) or LABEL.match(stripped):
                continue
            if stripped.startswith("#"):
                section = stripped.lstrip("#").strip()
                continue
            lines.append(stripped)
        if not lines:
            continue
        if brief_chunk or lines[0].startswith("- "):
            items = re.split(r"(?:^| )- ", " ".join(lines))
            kind = "brief" if brief_chunk else "para"
            for item in items:
                if item.strip():
                    out.append(Block(kind, item.strip(), section))
            continue
        paragraph = " ".join(lines)
        kind = "sources" if paragraph.startswith("*Sources:*") else "para"
        out.append(Block(kind, paragraph, section))
    return out


def split(paragraph: str) -> list[str]:
    parts = SENTENCE_END.split(paragraph)
    sentences, current = [], ""
    for i, part in enumerate(parts):
        if i % 2:  # the closing quote or bracket captured after the full stop
            current += part
            sentences.append(current.strip())
            current = ""
        else:
            current += part
    if current.strip():
        sentences.append(current.strip())
    return [s for s in sentences if s]


@dataclass
class Sentence:
    text: str
    section: str
    kind: str

    @property
    def words(self) -> int:
        return word_count(self.text)

    @property
    def sources(self) -> set[str]:
        return {source_of(k) for k in cited(self.text)}


def sentences(text: str, include_sources_line: bool = True) -> list[Sentence]:
    out = []
    for block in blocks(text):
        if block.kind == "sources" and not include_sources_line:
            continue
        for s in split(block.text):
            out.append(Sentence(s, block.section, block.kind))
    return out


# -- repetition ---------------------------------------------------------------------------------

def shingles(sentence: str, n: int = 6) -> set[tuple[str, ...]]:
    text = BRACKETED_NAME.sub(" ", plain(sentence))
    tokens = re.findall(r"[\w'’-]+", text.lower())
    return {tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


def repeated(chapters: dict[str, str], n: int = 6) -> dict[str, list[str]]:
    """For each chapter, its sentences that share an n-word run with another chapter (the sources
    line and In brief points of a chapter are its own, so they count too; the sources line does not)."""
    runs = {name: [(s.text, shingles(s.text, n)) for s in sentences(text, include_sources_line=False)]
            for name, text in chapters.items()}
    pooled = {name: set().union(*(sh for _, sh in rows)) if rows else set() for name, rows in runs.items()}
    out = {}
    for name, rows in runs.items():
        others = set().union(*(pool for other, pool in pooled.items() if other != name))
        out[name] = [text for text, sh in rows if sh & others]
    return out


# -- numbers ------------------------------------------------------------------------------------

def numbers(text: str) -> set[str]:
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
    return {n.rstrip("0").rstrip(".") if "." in n else n.lstrip("0") or "0" for n in NUMBER.findall(text)}


@cache
def source_numbers(key: str) -> frozenset[str]:
    return frozenset(numbers((SOURCES / f"{key}.txt").read_text(encoding="utf-8")))


def own_year(key: str) -> str:
    return re.search(r"\d{4}", key).group(0)


def unsupported_numbers(sentence: str) -> list[str]:
    """Digit-written numbers in a cited sentence that no source it cites contains (the year in a
    source's own date aside)."""
    keys = cited(sentence)
    if not keys:
        return []
    text = re.sub(r"\s+", " ", CITE.sub("", ROLE.sub("", sentence)))
    allowed = set()
    for key in keys:
        allowed |= source_numbers(key) | {own_year(key)}
    return sorted(n for n in numbers(text) if n not in allowed)


# -- structure ----------------------------------------------------------------------------------

@cache
def labels() -> dict[str, str]:
    """Every label and figure name in the book, with the chapter that defines it."""
    out = {}
    for path in sorted(CHAPTERS.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        for label in LABEL.findall(text) + FIGURE.findall(text):
            out[label] = path.stem
    return out


def links_out(name: str, text: str) -> list[str]:
    """Cross-references from this chapter to a section, figure or page of another chapter."""
    targets = re.findall(r"\{(?:ref|numref)\}`(?:[^`<]*<)?([^`>]+)>?`", text)
    targets += re.findall(r"\{doc\}`(?:[^`<]*<)?([^`>]+)>?`", text)
    known = labels()
    return [t for t in targets if known.get(t, t) != name]


@dataclass
class Report:
    name: str
    sentences: int = 0
    words: int = 0
    over_35: int = 0
    over_50: list[str] = field(default_factory=list)
    multi_source: int = 0
    repeated: list[str] = field(default_factory=list)
    unsupported: list[tuple[str, list[str]]] = field(default_factory=list)
    sources_line: bool = False
    brief_points: int = 0
    brief_after_first_paragraph: bool = False
    closing_words: int | None = None
    links_out: int = 0

    @property
    def mean(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0


def measure(name: str, text: str, repeats: dict[str, list[str]] | None = None) -> Report:
    report = Report(name)
    found = sentences(text, include_sources_line=False)
    report.sentences = len(found)
    report.words = sum(s.words for s in found)
    report.over_35 = sum(s.words > 35 for s in found)
    report.over_50 = [s.text for s in found if s.words > 50]
    report.multi_source = sum(len(s.sources) >= 2 for s in found)
    report.unsupported = [(s.text, bad) for s in sentences(text) if (bad := unsupported_numbers(s.text))]
    report.repeated = (repeats or {}).get(name, [])
    kinds = [b.kind for b in blocks(text)]
    report.sources_line = "sources" in kinds
    report.brief_points = kinds.count("brief")
    report.brief_after_first_paragraph = kinds[:1] == ["para"] and "brief" in kinds[1:4]
    closing = [s for s in found if s.section == CLOSING]
    report.closing_words = sum(s.words for s in closing) if closing else None
    report.links_out = len(links_out(name, text))
    return report


def chapter_texts(names=THEMES) -> dict[str, str]:
    return {name: (CHAPTERS / f"{name}.md").read_text(encoding="utf-8") for name in names}


def reports(names=THEMES) -> list[Report]:
    texts = chapter_texts(names)
    repeats = repeated(chapter_texts(THEMES))
    return [measure(name, text, repeats) for name, text in texts.items()]


if __name__ == "__main__":
    from .prose_report import main

    sys.exit(main(sys.argv[1:]))
