"""The reference pages drawn from the data: who's who and the spellings by source (Names), the
Glossary and the Chronology. Each is a directive, so a page holds its prose and one line per
register; the entries come from ``registers``, and a page is read again whenever its tables change.

Every entry has a stable anchor from its data id (``name-<id>``, ``term-<id>``, the row id in the
chronology), which the index, the search and the link previews use.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.domains.std import make_glossary_term
from sphinx.util.docutils import SphinxDirective

from ..data import registers
from ..data.load import load
from ..data.paths import DATA

#: The Names page's columns of spellings: a heading per source (the interviews share one).
SPELLING_COLUMNS = (("yeliseyeu2020 (002)", ("yeliseyeu2020",)), ("mills2021 (003)", ("mills2021",)),
                    ("preiherman2025 (004)", ("preiherman2025",)),
                    ("interviews (000/001)", ("interview2020a", "interview2020b")))
QUALIFIED = {"claim": "as a claim", "forecast": "as expected", "estimate": "as an estimate"}


def cite(source: str, locator: str, *more: tuple[str | None, str | None]) -> str:
    """A MyST citation of one or more passages: {cite:p}`mills2021{§2.1},...`."""
    keys = [f"{source}{{{locator}}}"] + [f"{s}{{{loc}}}" for s, loc in more if s]
    return "{cite:p}`" + ",".join(keys) + "`"


class _Register(SphinxDirective):
    has_content = False
    tables: tuple[str, ...] = ()

    def run(self):
        for table in self.tables:
            self.env.note_dependency(str(DATA / f"{table}.csv"))
        return self.draw()

    def paragraph(self, text: str) -> list[nodes.Node]:
        return self.parse_text_to_nodes(text)

    def see_index(self, kind: str) -> addnodes.index:
        """The index's "see" entries from each source form to the book's entry (one table of forms)."""
        wanted = registers.entries().set_index("anchor")["kind"]
        entries = [("see", f"{variant}; {target}", anchor, "", None)
                   for variant, target, anchor in registers.see_entries() if wanted[anchor] == kind]
        return addnodes.index(entries=entries)


class WhosWho(_Register):
    """``{bb-whos-who} <group>``: each person (or place) of a group, with the role the sources give."""

    required_arguments = 1
    tables = ("names", "variants")

    def draw(self):
        group = self.arguments[0]
        names = load("names").query("group == @group")
        listing = nodes.definition_list(classes=["bb-register", "bb-whos-who"])
        for row in names.itertuples():
            entry_id = registers.anchor("name", row.id)
            term = nodes.term("", "", nodes.strong(text=row.name), ids=[entry_id])
            term.append(addnodes.index(entries=[("single", row.index_as, entry_id, "main", None)]))
            role = row.role if isinstance(row.role, str) else "Named, without a role or description"
            text = f"{role.rstrip('.')}. {cite(row.source, row.locator, (_text(row.second_source), _text(row.second_locator)))}"
            listing += nodes.definition_list_item("", term, nodes.definition("", *self.paragraph(text)))
        out = [listing]
        if group == "belarusian":
            out.insert(0, self.see_index("name"))
        return out


class Spellings(_Register):
    """``{bb-spellings} <group> ...``: the forms each source writes, per person or place of the
    groups named (an entry with no form in any source is left out)."""

    required_arguments = 1
    optional_arguments = 4
    tables = ("names", "variants")

    def draw(self):
        groups = self.arguments
        forms = registers.forms()
        names = load("names")
        ids = list(names[names["group"].isin(groups)].sort_values("index_as")["id"])
        header = ["Book form"] + [heading for heading, _ in SPELLING_COLUMNS]
        rows = []
        for entry_id in ids:
            mine = forms[forms["of"] == entry_id]
            if mine.empty:
                continue
            cells = [mine["label"].iloc[0]]
            for _, keys in SPELLING_COLUMNS:
                cells.append("; ".join(_form(row, keys) for row in mine.itertuples()
                                       if row.source in keys) or "—")
            rows.append(cells)
        return _table(header, [[[nodes.paragraph(text=c)] for c in r] for r in rows]) if rows else []


class Glossary(_Register):
    """``{bb-glossary}``: every term, with what the sources say of it and the forms they write."""

    tables = ("glossary", "variants")

    def draw(self):
        terms = load("glossary").sort_values("term", key=lambda s: s.str.lower())
        forms = registers.forms()
        glossary = addnodes.glossary(sorted=False)  # sorted here, by term
        listing = nodes.definition_list(classes=["glossary", "bb-register"])
        for row in terms.itertuples():
            term = make_glossary_term(self.env, [nodes.Text(row.term)], None, self.env.docname,
                                      self.lineno, registers.anchor("term", row.id), self.state.document)
            spelled = isinstance(row.expansion, str) and row.expansion not in row.definition
            text = (f"*{row.expansion}.* " if spelled else "") + row.definition.rstrip()
            text += " " + cite(row.source, row.locator, (_text(row.second_source), _text(row.second_locator)))
            definition = nodes.definition("", *self.paragraph(text))
            other = [f for f in forms[forms["of"] == row.id].itertuples() if f.variant != row.term]
            if other:
                written = "Also written: " + "; ".join(
                    f"{f.variant} ({_sources(f)}{', ' + f.use if isinstance(f.use, str) else ''})" for f in other) + "."
                definition += nodes.paragraph(written, written, classes=["bb-forms"])
            listing += nodes.definition_list_item("", term, definition)
        glossary += listing
        return [self.see_index("term"), glossary]


class Chronology(_Register):
    """``{bb-chronology}``: every dated event of the data in date order, each row anchored by its id."""

    tables = ("events", "sanctions", "funding", "russia")

    def draw(self):
        rows = []
        for row in registers.chronology().itertuples():
            line = row.line + (f" ({QUALIFIED[row.qualifier]})" if row.qualifier in QUALIFIED else "")
            # the row's first id marks the row; a joined row's id marks the date within it
            when = nodes.paragraph("", "", *[nodes.inline(ids=[i]) for i in row.ids[1:]], nodes.Text(row.when))
            where = (f"{{ref}}`{row.section}`" if isinstance(row.section, str)
                     else f"Not in the text (chapter: {{ref}}`{row.chapter}`)")
            rows.append((row.id, [[when], [nodes.paragraph(text=line)], self.paragraph(where),
                                  self.paragraph(cite(*row.cites[0], *row.cites[1:]))]))
        spec, table = _table(["Date", "Event", "Discussed in", "Source"], (cells for _, cells in rows),
                             ids=[i for i, _ in rows], widths=(14, 46, 20, 20))
        table["classes"] += ["longtable", "bb-chronology"]
        return [spec, table]


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


def _sources(row) -> str:
    keys = [row.source] + [k for k in (_text(row.also_in) or "").split(";") if k]
    return " and ".join(keys)


def _form(row, keys: tuple[str, ...]) -> str:
    """A form in a spellings cell, with where it is limited, and which interview where they differ."""
    notes = [row.use] if isinstance(row.use, str) else []
    both = {row.source, *(_text(row.also_in) or "").split(";")} >= set(keys)
    if len(keys) > 1 and not both:
        notes.insert(0, "000" if row.source == "interview2020a" else "001")
    return row.variant + (f" ({'; '.join(notes)})" if notes else "")


def _table(header: list[str], rows, ids: list[str] | None = None, widths=None) -> list[nodes.Node]:
    """A table with the column widths given (the PDF's longtable cannot size columns from their
    contents), ragged right in print, each row carrying its id where one is given."""
    widths = widths or [1] * len(header)
    spec = "".join(rf">{{\raggedright\arraybackslash}}\X{{{w}}}{{{sum(widths)}}}" for w in widths)
    table = nodes.table(classes=["bb-register-table", "colwidths-given"])
    group = nodes.tgroup(cols=len(header))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += nodes.row("", *[nodes.entry("", nodes.paragraph(text=h)) for h in header])
    group += head
    body = nodes.tbody()
    for number, cells in enumerate(rows):
        row = nodes.row(ids=[ids[number]] if ids else [])
        for content in cells:
            row += nodes.entry("", *content)
        body += row
    group += body
    return [addnodes.tabular_col_spec(spec=spec), table]


def setup_for(app) -> None:
    app.add_directive("bb-whos-who", WhosWho)
    app.add_directive("bb-spellings", Spellings)
    app.add_directive("bb-glossary", Glossary)
    app.add_directive("bb-chronology", Chronology)
