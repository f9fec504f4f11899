"""The book's one Altair renderer: a single mime bundle that serves every place a chart goes.

* ``text/html`` for the web book: a placeholder that the book's own ``_static`` script fills with
  vega-embed (no CDN, no require.js), the source line, a link to a CSV of exactly the plotted data
  (written by book/sphinx_ext.py from this same spec), and a collapsed data table for screen-reader and
  no-JavaScript readers;
* the Vega-Lite JSON mime types, which JupyterLab (Binder) renders natively: the same chart at a
  fixed width (JupyterLab gives a "container" chart 0 px), drawn as SVG with the theme's text and
  grid colours as ``currentColor``, so that they follow JupyterLab's light or dark theme;
* ``application/pdf``, a vector chart for the LaTeX book; ``image/png`` as a fallback;
* ``text/plain``, the chart's one-sentence description.

A chart says what it is through Vega-Lite ``usermeta``: ``figure`` (the figure label, which names
the CSV) and ``description``. Its sources come from the ``source``/``locator`` columns of its data.
"""

from __future__ import annotations

import base64
import copy
import csv
import hashlib
import html
import json
import os
import tempfile
import textwrap
from pathlib import Path

import altair as alt
import vl_convert as vlc

from ..data.paths import ROOT
from ..data.sources import source_line
from . import theme

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
#: How JupyterLab embeds a chart: output metadata that @jupyterlab/vega5-extension hands to
#: vega-embed. SVG, because an SVG ``currentColor`` is the text colour of JupyterLab's theme (a
#: canvas cannot follow it); the export actions, but no link to the online Vega editor.
LAB_EMBED = {"renderer": "svg", "actions": {"export": True, "source": False, "compiled": False, "editor": False}}
#: Strength of the grid drawn in ``currentColor``: on JupyterLab's white it is the book's light
#: grid (#d9d9d9), on its dark background about the book's dark grid (#3d3d3d).
LAB_GRID_OPACITY = 0.17


def rows(spec: dict) -> list[dict]:
    """The plotted rows: the chart's single inline table of rows (a map also carries its
    boundaries, as a TopoJSON object, which is not a table)."""
    tables = [v for v in (spec.get("datasets") or {}).values() if isinstance(v, list)]
    if len(tables) != 1:
        raise ValueError(f"a book chart plots exactly one table of rows, this one has {len(tables)}")
    return tables[0]


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


def fixed_width(spec: dict, width: int = STATIC_WIDTH, views: int | None = None) -> dict:
    """A copy of the spec with a width in pixels wherever it says "container": for print, for the
    web page's stills (book/stills.py), and for JupyterLab, whose output area gives a "container" chart
    no width at all. A single view gets ``width``, axes and legend included. The views of a
    concatenation, which cannot fit a whole width (Vega-Lite fits single views only), get
    ``views`` px, or else the theme's plot width, shared side by side (a browser gives each view
    of a column the whole column, which the web page's stills mimic)."""
    fixed = copy.deepcopy(spec)
    if fixed.get("width") == "container":
        fixed["width"] = width
        fixed["autosize"] = {"type": "fit-x", "contains": "padding"}  # width is the whole chart
    _fixed_views(fixed, views or theme.config()["view"]["continuousWidth"])
    return fixed


def _fixed_views(view: dict, width: int) -> None:
    for key in ("vconcat", "concat", "hconcat"):
        views = view.get(key) or []
        share = width // len(views) if key == "hconcat" and views else width
        for part in views:
            if part.get("width") == "container":
                part["width"] = share
            _fixed_views(part, share)


def static_spec(spec: dict, sources: str) -> dict:
    """The spec for print: fixed width, the source line under the chart, wrapped to that width
    (a title never wraps by itself, and a long one would widen the chart)."""
    printed = fixed_width(spec)
    characters = int((printed.get("width") or STATIC_WIDTH) / (0.5 * SOURCE_FONT_SIZE))
    printed["title"] = {"text": textwrap.wrap(sources, max(characters, 60)), "orient": "bottom",
                        "anchor": "start", "fontSize": SOURCE_FONT_SIZE, "fontWeight": "normal", "offset": 12}
    printed.setdefault("config", {})["background"] = "white"
    return printed


def lab_spec(spec: dict) -> dict:
    """The spec for JupyterLab: fixed width, and the colours in which the book's light and dark
    themes differ (text, grid) drawn in ``currentColor``. JupyterLab's dark themes pass vega-embed
    the "dark" theme, but a spec's own config outranks it, so light colours would stay dark on a
    dark page; ``currentColor`` is whatever text colour JupyterLab's theme sets."""
    lab = fixed_width(spec)
    light, dark = theme.config(), theme.dark_config()
    config = lab.setdefault("config", {})
    for section, values in light.items():
        if not isinstance(values, dict) or not isinstance(config.get(section), dict):
            continue
        for key, value in values.items():
            if dark[section].get(key) != value and config[section].get(key) == value:
                config[section][key] = "currentColor"
                if key == "gridColor":
                    config[section]["gridOpacity"] = LAB_GRID_OPACITY
    return lab


def page_json(spec: dict) -> str:
    """The spec as the web page carries it: keys sorted, so that two builds give the same bytes,
    except within the data rows, whose column order (kept in the figure's CSV) is the data's."""
    def ordered(value):
        if isinstance(value, dict):
            return {k: ordered(value[k]) for k in sorted(value)}
        return [ordered(v) for v in value] if isinstance(value, list) else value

    canonical = ordered({k: v for k, v in spec.items() if k != "datasets"})
    if "datasets" in spec:
        canonical["datasets"] = {name: spec["datasets"][name] for name in sorted(spec["datasets"])}
    text = json.dumps(dict(sorted(canonical.items())), ensure_ascii=False, allow_nan=False)
    return text.replace("</", "<\\/")


def _height_hint(spec: dict) -> int:
    height = spec.get("height")
    if isinstance(height, (int, float)):
        return int(height) + 90
    return 340


#: Where a book build keeps each printed chart's PNG, by the hash of what it draws, so that the
#: kernel's render serves the link previews too (book/previews.py) and no chart is drawn twice.
PNG_CACHE = ROOT / "_build" / ".figure-png"
PNG_SCALE = 1.5


def png(printed: dict) -> bytes:
    """The printed chart (``static_spec``) as a PNG at 1.5x. During a book build it is drawn once:
    the first render is kept in ``PNG_CACHE`` under the hash of the spec, and a second request for
    the same chart (the previews, after the kernel) reads it. Outside a book build nothing is kept."""
    if os.environ.get(BOOK_BUILD) != "1":
        return vlc.vegalite_to_png(printed, scale=PNG_SCALE)
    key = hashlib.sha256(json.dumps(printed, sort_keys=True).encode("utf-8")).hexdigest()[:32]
    path = PNG_CACHE / f"{key}.png"
    if path.exists():
        return path.read_bytes()
    data = vlc.vegalite_to_png(printed, scale=PNG_SCALE)
    PNG_CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=PNG_CACHE, suffix=".part", delete=False) as part:
        part.write(data)
    os.replace(part.name, path)  # whole or not at all, if two processes render at once
    return data


def mimebundle(spec: dict) -> dict:
    """Every format of one chart, from its Vega-Lite spec."""
    meta = spec.get("usermeta") or {}
    figure, description = meta.get("figure"), meta.get("description")
    if not figure or not description:
        raise ValueError("a book chart needs usermeta 'figure' (its label) and 'description' (one sentence)")
    plotted = rows(spec)
    sources = source_line(plotted)
    spec = {**spec, "description": description}
    spec_json = page_json(spec)
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
    picture = png(printed)
    lab = lab_spec(spec)
    bundle = {
        "application/vnd.vegalite.v6+json": lab,
        # JupyterLab 4 renders Vega-Lite up to v5 natively; these specs use nothing newer.
        "application/vnd.vegalite.v5+json": {**lab, "$schema": VEGALITE_V5_SCHEMA},
        "application/pdf": base64.b64encode(pdf).decode("ascii"),
        "image/png": base64.b64encode(picture).decode("ascii"),
        "text/plain": description,
    }
    # JupyterLab prefers any text/html over Vega-Lite, and this placeholder needs the book's own
    # _static script, so it is part of the bundle only when the book is being built.
    if os.environ.get(BOOK_BUILD) == "1":
        bundle["text/html"] = page
    return bundle


def lab_metadata() -> dict:
    """Output metadata for JupyterLab's Vega-Lite renderer (its ``embed_options``)."""
    return {mime: {"embed_options": copy.deepcopy(LAB_EMBED)} for mime in VEGALITE_MIMES}


def render(spec: dict, **_ignored) -> tuple[dict, dict]:
    """Altair renderer entry point: the bundle, and the metadata telling JupyterLab how to embed it."""
    return mimebundle(spec), lab_metadata()


def enable() -> None:
    """Register the renderer and theme with Altair and switch them on (idempotent)."""
    theme.register()
    alt.renderers.register("belarusbook", render)
    alt.renderers.enable("belarusbook")
    alt.data_transformers.disable_max_rows()
