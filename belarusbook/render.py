"""The book's one Altair renderer: a single mime bundle that serves every place a chart goes.

* ``text/html`` for the web book: a placeholder that the book's own ``_static`` script fills with
  vega-embed (no CDN, no require.js), the source line, a link to a CSV of exactly the plotted data
  (written by sphinx_ext.py from this same spec), and a collapsed data table for screen-reader and
  no-JavaScript readers;
* the Vega-Lite JSON mime types, which JupyterLab (Binder) renders natively;
* ``application/pdf``, a vector chart for the LaTeX book; ``image/png`` as a fallback;
* ``text/plain``, the chart's one-sentence description.

A chart says what it is through Vega-Lite ``usermeta``: ``figure`` (the figure label, which names
the CSV) and ``description``. Its sources come from the ``source``/``locator`` columns of its data.
"""

from __future__ import annotations

import base64
import copy
import csv
import html
import json
import os
import tempfile
import textwrap
from pathlib import Path

import altair as alt
import vl_convert as vlc

from .sources import source_line

#: Set by the book's Sphinx extension; the kernels that execute the chapters inherit it.
BOOK_BUILD = "BELARUSBOOK_BOOK_BUILD"
#: Whole width, axes and legend included, of a chart whose web width is "container", in the PDF
#: and PNG. The LaTeX book scales every chart to its text width (about 450pt), so every such chart
#: prints at the same scale and its 12pt labels at about 8.5pt.
STATIC_WIDTH = 620
SOURCE_FONT_SIZE = 11  # the printed source line, about 8pt in the book
HIDDEN_COLUMNS = {"id", "also_in", "note", "_order"}
VEGALITE_MIMES = ("application/vnd.vegalite.v6+json", "application/vnd.vegalite.v5+json")
VEGALITE_V5_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"


def rows(spec: dict) -> list[dict]:
    """The plotted rows: the chart's single inline dataset."""
    datasets = spec.get("datasets") or {}
    if len(datasets) != 1:
        raise ValueError(f"a book chart plots exactly one dataset, this one has {len(datasets)}")
    return next(iter(datasets.values()))


def _columns(rows: list[dict]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        for key in row:
            seen.setdefault(key, None)
    return [c for c in seen if c not in HIDDEN_COLUMNS]


def write_csv(figure: str, plotted: list[dict], directory: Path) -> Path:
    """Write the plotted data atomically (a reader never finds half a file).

    Called by the Sphinx extension with the rows of the spec embedded in the page, so the
    download is exactly what the chart draws."""
    directory.mkdir(parents=True, exist_ok=True)
    columns = _columns(plotted)
    target = directory / f"{figure}.csv"
    fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
    with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in plotted:
            writer.writerow({c: "" if row.get(c) is None else row.get(c) for c in columns})
    os.replace(tmp, target)
    return target


def _table(plotted: list[dict], caption: str) -> str:
    columns = _columns(plotted)
    head = "".join(f'<th scope="col">{html.escape(c.replace("_", " "))}</th>' for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape('' if r.get(c) is None else str(r.get(c)))}</td>" for c in columns) + "</tr>"
        for r in plotted
    )
    return (f'<table class="bb-table"><caption>{html.escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def static_spec(spec: dict, sources: str) -> dict:
    """The spec for print: fixed width, the source line under the chart, wrapped to that width
    (a title never wraps by itself, and a long one would widen the chart)."""
    printed = copy.deepcopy(spec)
    if printed.get("width") == "container":
        printed["width"] = STATIC_WIDTH
        printed["autosize"] = {"type": "fit-x", "contains": "padding"}  # width is the whole chart
    characters = int((printed.get("width") or STATIC_WIDTH) / (0.5 * SOURCE_FONT_SIZE))
    printed["title"] = {"text": textwrap.wrap(sources, max(characters, 60)), "orient": "bottom",
                        "anchor": "start", "fontSize": SOURCE_FONT_SIZE, "fontWeight": "normal", "offset": 12}
    printed.setdefault("config", {})["background"] = "white"
    return printed


def _height_hint(spec: dict) -> int:
    height = spec.get("height")
    if isinstance(height, (int, float)):
        return int(height) + 90
    return 340


def mimebundle(spec: dict) -> dict:
    """Every format of one chart, from its Vega-Lite spec."""
    meta = spec.get("usermeta") or {}
    figure, description = meta.get("figure"), meta.get("description")
    if not figure or not description:
        raise ValueError("a book chart needs usermeta 'figure' (its label) and 'description' (one sentence)")
    plotted = rows(spec)
    sources = source_line(plotted)
    spec = {**spec, "description": description}
    spec_json = json.dumps(spec, ensure_ascii=False, sort_keys=True, allow_nan=False).replace("</", "<\\/")
    page = (
        f'<div class="bb-figure" data-figure="{html.escape(figure)}">'
        f'<div class="bb-chart" id="{html.escape(figure)}-chart" style="min-height:{_height_hint(spec)}px"></div>'
        f'<script type="application/json" class="bb-spec">{spec_json}</script>'
        f'<p class="bb-source">{html.escape(sources)} '
        f'<a class="bb-csv" href="../_static/figures/{html.escape(figure)}.csv" download>Download the data (CSV)</a></p>'
        f'<details class="bb-data"><summary>Data table</summary>{_table(plotted, description)}</details>'
        f"</div>"
    )
    printed = static_spec(spec, sources)
    pdf = vlc.vegalite_to_pdf(printed)
    png = vlc.vegalite_to_png(printed, scale=1.5)
    bundle = {
        "application/vnd.vegalite.v6+json": spec,
        # JupyterLab 4 renders Vega-Lite up to v5 natively; these specs use nothing newer.
        "application/vnd.vegalite.v5+json": {**spec, "$schema": VEGALITE_V5_SCHEMA},
        "application/pdf": base64.b64encode(pdf).decode("ascii"),
        "image/png": base64.b64encode(png).decode("ascii"),
        "text/plain": description,
    }
    # JupyterLab prefers any text/html over Vega-Lite, and this placeholder needs the book's own
    # _static script, so it is part of the bundle only when the book is being built.
    if os.environ.get(BOOK_BUILD) == "1":
        bundle["text/html"] = page
    return bundle


def render(spec: dict, **_ignored) -> dict:
    """Altair renderer entry point."""
    return mimebundle(spec)


def enable() -> None:
    """Register the renderer and theme with Altair and switch them on (idempotent)."""
    from . import theme

    theme.register()
    alt.renderers.register("belarusbook", render)
    alt.renderers.enable("belarusbook")
    alt.data_transformers.disable_max_rows()
