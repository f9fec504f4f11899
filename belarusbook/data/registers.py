"""The book's registers, read from the data: who's who (``names``), the glossary, every form in
which a source writes a name or a term (``variants``), and the chronology of dated events.

One table of forms feeds three things: the Names page's tables of spellings, the index's "see"
entries and the search's rewrites of a typed form to the book's own. Nothing here knows Sphinx;
the pages are drawn by ``reference_pages`` and the search by ``search``.
"""

from __future__ import annotations

import pandas as pd

from .load import load
from .validate import package

NAMES_PAGE = "chapters/names"
GLOSSARY_PAGE = "chapters/glossary"
CHRONOLOGY_PAGE = "chapters/chronology"
#: The chapter of each theme in events.csv (and the label of its first heading).
THEMES = ("election", "repression", "russia", "west", "outlook")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def anchor(kind: str, entry_id: str) -> str:
    """The stable id of an entry on its page: ``name-<id>`` or ``term-<id>``."""
    return f"{'name' if kind == 'name' else 'term'}-{entry_id}"


def entries() -> pd.DataFrame:
    """Every entry of both registers: id, kind (name or term), label (the book's form), index form,
    search key (the word a search for any of its forms looks for), page and anchor."""
    names = load("names")
    terms = load("glossary")
    frame = pd.concat([
        pd.DataFrame({"id": names["id"], "kind": "name", "label": names["name"], "index_as": names["index_as"],
                      "page": NAMES_PAGE}),
        pd.DataFrame({"id": terms["id"], "kind": "term", "label": terms["term"], "index_as": terms["term"],
                      "page": GLOSSARY_PAGE}),
    ], ignore_index=True)
    frame["key"] = frame["index_as"].str.split(",").str[0].str.strip()
    frame["anchor"] = [anchor(k, i) for k, i in zip(frame["kind"], frame["id"])]
    return frame.astype({"kind": "string", "page": "string", "key": "string", "anchor": "string"})


def forms() -> pd.DataFrame:
    """Every form of every entry, one row per form and source, with the entry's columns."""
    found = load("variants").merge(entries(), left_on="of", right_on="id", how="left", validate="many_to_one")
    return found.drop(columns="id")


def index_form(form: str, kind: str) -> str:
    """A person's form as the index sorts it ("Svetlana Tikhanovskaya" -> "Tikhanovskaya, Svetlana");
    a single word, a place or a term stays as it is."""
    words = form.split()
    if kind != "person" or len(words) < 2:
        return form
    return f"{words[-1]}, {' '.join(words[:-1])}"


def see_entries() -> list[tuple[str, str, str]]:
    """The index's "see" entries: (variant as indexed, the entry's index form, the entry's anchor),
    for each form that differs from the book's, once each."""
    people = set(load("names").query("group != 'place'")["id"])
    seen: dict[str, tuple[str, str, str]] = {}
    for row in forms().itertuples():
        kind = "person" if row.of in people else "other"
        indexed = index_form(row.variant, kind)
        if indexed.lower() in (row.index_as.lower(), row.label.lower(), row.key.lower()):
            continue
        seen.setdefault(indexed, (indexed, row.index_as, row.anchor))
    return sorted(seen.values(), key=lambda item: item[0].lower())


def rewrites() -> dict[str, str]:
    """What the search looks for when a reader types a form a source writes: lower-cased form ->
    the book's form. A whole name goes to the book's whole name ("Svetlana Tikhanovskaya" ->
    "Sviatlana Tsikhanouskaya"), a surname to the book's surname ("Lukashenko" -> "Lukashenka"),
    a term to the book's term ("Rosguard" -> "Rosgvardia"). The surname of a longer form ("Golovchenko"
    of "Roman Golovchenko") is rewritten too where it belongs to one entry only."""
    out: dict[str, str] = {}
    words: dict[str, set[str]] = {}
    for row in forms().itertuples():
        form, label = row.variant, row.label
        surname_only = (row.kind == "name" and len(form.split()) == 1 and len(label.split()) > 1
                        and form != label.split()[0])
        out[form.lower()] = row.key if surname_only else label
        if row.kind == "name" and len(form.split()) > 1:
            words.setdefault(form.split()[-1].lower(), set()).add(row.key)
    out.update({w: next(iter(keys)) for w, keys in words.items() if len(keys) == 1 and w not in out})
    book = {f.lower() for f in (*entries()["key"], *entries()["label"])}
    return {form: to for form, to in sorted(out.items()) if form not in book}


def date_label(date: pd.Timestamp, precision: str) -> str:
    """A date as exactly as the source gives it: "9 August 2020", "August 2020" or "2020"."""
    if precision == "year":
        return f"{date.year}"
    if precision == "month":
        return f"{MONTHS[date.month - 1]} {date.year}"
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def chronology() -> pd.DataFrame:
    """Every row of the data that is a dated event (the tables marked ``x-chronology`` in
    datapackage.json, filtered as each says), one line per event, in date order.

    A row that records the same event as a row of events.csv (its ``event`` column) joins that
    row's line: ``ids`` holds both, ``cites`` both passages. Columns: id (the line's anchor), ids,
    date, date_precision, when (the date as the source gives it), line, chapter, section (the label
    of the section that discusses it; empty where none does), cites [(source, locator)], qualifier."""
    parts = []
    for res in package()["resources"]:
        spec = res.get("x-chronology")
        if not spec:
            continue
        frame = load(res["name"])
        for column, allowed in spec.get("where", {}).items():
            frame = frame[frame[column].isin(allowed)]
        chapter = frame[spec["chapter_column"]] if "chapter_column" in spec else spec["chapter"]
        parts.append(pd.DataFrame({
            "id": frame["id"], "event": frame["event"] if "event" in frame else pd.NA,
            "date": frame["date"], "date_precision": frame["date_precision"], "line": frame[spec["line"]],
            "chapter": chapter, "section": frame["section"],
            "cite": list(zip(frame["source"], frame["locator"])), "qualifier": frame["qualifier"]}))
    rows = pd.concat(parts, ignore_index=True)
    joined = rows[rows["event"].notna()]
    out = rows[rows["event"].isna()].drop(columns="event").copy()
    out["ids"] = [[i] for i in out["id"]]
    out["cites"] = [[c] for c in out["cite"]]
    by_id = {i: n for n, i in zip(out.index, out["id"])}
    for row in joined.itertuples():
        line = by_id[row.event]
        out.at[line, "ids"] = out.at[line, "ids"] + [row.id]
        if row.cite not in out.at[line, "cites"]:
            out.at[line, "cites"] = out.at[line, "cites"] + [row.cite]
        if pd.isna(out.at[line, "section"]) and pd.notna(row.section):
            out.at[line, "section"] = row.section
    out = out.drop(columns="cite")
    out["when"] = [date_label(d, p) for d, p in zip(out["date"], out["date_precision"])]
    order = out["date_precision"].map({"year": 0, "month": 1, "day": 2})
    out = out.assign(_order=order).sort_values(["date", "_order", "id"], kind="stable").drop(columns="_order")
    return out.reset_index(drop=True)
