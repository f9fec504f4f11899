"""The first use of a glossary term in each section links to its entry.

A transform over every page but the registers themselves: in each section, the first time the
prose writes a term (or a form a source writes of it, as listed in variants.csv), outside a
heading, a caption, a table, a link or a quotation, that text becomes a link to the term's
Glossary entry, which sphinx-tippy previews on hover and focus like a citation.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from ..data import registers
from ..data.load import load
from ..data.paths import DATA

#: Pages that are the registers, or list sources rather than argue from them.
SKIPPED = {registers.GLOSSARY_PAGE, registers.NAMES_PAGE, registers.CHRONOLOGY_PAGE, "chapters/references"}
#: Text under these is not prose to link from.
NOT_PROSE = (nodes.title, nodes.caption, nodes.table, nodes.reference, addnodes.pending_xref, nodes.literal,
             nodes.literal_block, nodes.raw, nodes.citation, nodes.footnote, nodes.field_list,
             nodes.rubric, addnodes.glossary)
OPEN_QUOTES, CLOSE_QUOTES = "“", "”"


def phrases() -> list[tuple[str, str]]:
    """(form as written, the term's book form), longest first, for every glossary entry."""
    terms = load("glossary")
    found = {(t, t) for t in terms["term"]}
    book = dict(zip(terms["id"], terms["term"]))
    for row in load("variants").itertuples():
        if row.of in book:
            found.add((row.variant, book[row.of]))
    return sorted(found, key=lambda item: (-len(item[0]), item[0]))


def _unquoted(text: str, inside: bool) -> tuple[list[tuple[int, int]], bool]:
    """The stretches of ``text`` outside quotation marks, given whether it starts inside one."""
    spans, start = [], 0
    for i, char in enumerate(text):
        if char == '"' or char in OPEN_QUOTES + CLOSE_QUOTES:
            opening = char in OPEN_QUOTES or (char == '"' and not inside)
            if opening and not inside:
                spans.append((start, i))
                inside = True
            elif not opening and inside:
                start, inside = i + 1, False
    if not inside:
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if b > a], inside


def _section(node: nodes.Node) -> nodes.Node:
    while node.parent is not None and not isinstance(node, nodes.section):
        node = node.parent
    return node


def _is_prose(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, NOT_PROSE):
            return False
        if isinstance(parent, nodes.Element) and "cell_output" in parent.get("classes", []):
            return False
        parent = parent.parent
    return True


class LinkFirstUse(SphinxTransform):
    default_priority = 700  # after MyST's own transforms, before smart quotes (750)

    def apply(self, **kwargs) -> None:
        if self.env.docname in SKIPPED:
            return
        for table in ("glossary", "variants"):
            self.env.note_dependency(str(DATA / f"{table}.csv"))
        pattern = phrases()
        if not pattern:
            return
        book_of = dict(pattern)
        regex = re.compile(r"(?<![\w-])(" + "|".join(re.escape(p) for p, _ in pattern) + r")(?![\w-])")
        linked: dict[int, set[str]] = {}
        for paragraph in list(self.document.findall(nodes.paragraph)):
            if not _is_prose(paragraph):
                continue
            done = linked.setdefault(id(_section(paragraph)), set())
            inside = False
            for text in list(paragraph.findall(nodes.Text)):
                if not _is_prose(text) or text.parent is None:
                    continue
                inside = self._link(text, regex, book_of, done, inside)

    def _link(self, text: nodes.Text, regex, book_of, done: set[str], inside: bool) -> bool:
        source = str(text)
        spans, after = _unquoted(source, inside)
        pieces: list[nodes.Node] = []
        last = 0
        for start, end in spans:
            for match in regex.finditer(source, start, end):
                term = book_of[match.group(1)]
                if term in done:
                    continue
                done.add(term)
                pieces.append(nodes.Text(source[last:match.start()]))
                ref = addnodes.pending_xref("", refdomain="std", reftype="term", reftarget=term.lower(),
                                            refexplicit=True, refwarn=True, refdoc=self.env.docname)
                ref += nodes.inline(match.group(1), match.group(1), classes=["xref", "std", "std-term", "bb-term"])
                pieces.append(ref)
                last = match.end()
        if pieces:
            pieces.append(nodes.Text(source[last:]))
            text.parent.replace(text, [p for p in pieces if not (isinstance(p, nodes.Text) and not str(p))])
        return after


def setup_for(app) -> None:
    app.add_transform(LinkFirstUse)
