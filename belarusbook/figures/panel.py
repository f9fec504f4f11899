"""'Belarus in figures': the key figures of the book as tiles on the root page.

The selection is editorial and lives here, not in the page: each tile is one validated row,
labelled with its hedge, dated as precisely as its source, and cited with its locator.
"""

from __future__ import annotations

import html

from ..data.load import load
from ..data.sources import SHORT
from . import shape

#: (dataset, row id, value column, unit, what the figure is)
KEY_FIGURES = [
    ("elections", "ele-002", "value", "per cent", "Lukashenka's declared share of the vote in 2020"),
    ("repression", "rep-011", "value", None, "people detained in the year after the 2020 election"),
    ("repression", "rep-012", "value", None, "people held as political prisoners"),
    ("sentences", "sen-001", "sentence_years", "years", "Viktar Babaryka's prison sentence"),
    ("sanctions", "san-021", "individuals_total", None, "individuals under EU sanctions after June 2021"),
    ("russia", "rus-018", "value", "US$", "Russian loan announced at Sochi"),
    ("trade", "tra-013", "value", "per cent", "fall in cash terms in Belarus's exports to the UK over the year, before the trade sanctions of 2021"),
    ("elections", "ele-003", "value", "per cent", "Lukashenka's preliminary share of the vote in 2025"),
]


def tiles() -> list[dict]:
    out = []
    for dataset, row_id, column, unit, what in KEY_FIGURES:
        frame = load(dataset)
        row = frame[frame["id"] == row_id].iloc[0]
        if "date" in frame or "election_date" in frame:
            when = shape.when(row["date" if "date" in frame else "election_date"], row["date_precision"])
        else:
            when = str(row["year"])
        out.append({
            "figure": shape.label(row[column], row["qualifier"], unit),
            "what": what,
            "when": when,
            "cite": f"{SHORT[row['source']]}, {row['locator']}",
            "quote": row["quote"],
        })
    return out


class Panel:
    """Displays as HTML tiles on the web and as a table in the PDF."""

    def _repr_mimebundle_(self, include=None, exclude=None):
        items = tiles()
        cards = "".join(
            f'<div class="bb-tile"><span class="bb-big">{html.escape(t["figure"])}</span>'
            f'<span class="bb-what">{html.escape(t["what"])} ({html.escape(t["when"])})</span>'
            f'<span class="bb-cite" title="{html.escape(t["quote"])}">{html.escape(t["cite"])}</span></div>'
            for t in items)
        table = "| Figure | What | Source |\n|---|---|---|\n" + "\n".join(
            f"| {t['figure']} | {t['what']} ({t['when']}) | {t['cite']} |" for t in items)
        plain = "; ".join(f"{t['figure']}: {t['what']}" for t in items)
        return {"text/html": f'<section class="bb-panel" aria-label="Belarus in figures">{cards}</section>',
                "text/markdown": table, "text/plain": plain}


def show() -> Panel:
    return Panel()
