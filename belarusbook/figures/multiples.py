"""Small multiples: a few figures in different units as panels of one chart that fits a phone.

Why a module of its own: a source often gives two or three figures about one thing (troops in an
exercise, signatures against a threshold), each too thin for a chart, in units that must never
share an axis. Here each unit gets its panel: a title that names what is counted and in what unit,
its own scale, and bars that are never summed across panels. Every bar carries its hedged figure,
so the chart needs no axis, and a single view whose width follows its column re-lays itself out
at phone width (a faceted chart has a fixed width per panel).

Layout is one view drawn top to bottom: per panel a bold title, then per row its name (wrapped
into lines) above its bar and the figure after the bar. The positions are computed by Vega-Lite
transforms, so the plotted data (and the figure's CSV) hold only the rows and their evidence.
"""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from . import shape
from .parts import describe, fill_opacity, inline_data, tooltip
from .theme import PRIMARY

NAME_CHARS = 40   # a row's name wraps at this many characters (about 260 px at 12 px)
TITLE_CHARS = 40  # a panel title wraps at this many characters (bold, 12.5 px)
LINE, TITLE_LINE = 15, 17  # pixels per line of a name and of a panel title
BAR, BAR_GAP, ROW_GAP = 14, 3, 12  # bar height, gap between a name and its bar, gap after a bar
TITLE_GAP, PANEL_GAP = 5, 16  # gap under a panel title, extra gap before every panel but the first
BAR_SHARE = 0.5  # the longest bar of a panel takes this share of the width; its figure the rest


def _lines(field: str, texts, chars: int) -> str:
    """A Vega expression giving a text field's value wrapped into lines (``shape.lines``, the
    book's one wrapping rule), looked up from the texts the chart shows."""
    table = {str(t): shape.lines(t, chars) for t in dict.fromkeys(texts)}
    return f"({json.dumps(table, ensure_ascii=False)})[datum[{json.dumps(field)}]]"


def _scale(scale_max: float | dict[str, float] | None, panel: str) -> str:
    """A Vega expression for the figure a panel's full scale stands for."""
    if not isinstance(scale_max, dict):
        return f"{float(scale_max)}" if scale_max else "datum._max"
    expression = "datum._max"
    for title, top in scale_max.items():
        expression = f"datum['{panel}'] === {json.dumps(title)} ? {float(top)} : ({expression})"
    return expression


def _height(plotted: pd.DataFrame, category: str, panel: str) -> int:
    rows = sum(len(shape.lines(n, NAME_CHARS)) * LINE + BAR_GAP + BAR + ROW_GAP for n in plotted[category])
    titles = list(dict.fromkeys(plotted[panel]))
    head = sum(len(shape.lines(t, TITLE_CHARS)) * TITLE_LINE + TITLE_GAP for t in titles)
    return rows + head + PANEL_GAP * (len(titles) - 1) - ROW_GAP + 2


def panels(frame: pd.DataFrame, starts: dict[str, str], column: str = "panel") -> pd.DataFrame:
    """Name each row's panel: every id in ``starts`` opens a panel that runs to the next one, so a
    chapter writes each panel title once, in the rows' order (as chosen with ``shape.rows``)."""
    missing = [i for i in starts if i not in set(frame["id"])]
    if missing or frame["id"].iloc[0] not in starts:
        raise KeyError(f"panels must start at rows of the frame, the first row included: {missing or starts}")
    return frame.assign(**{column: frame["id"].map(starts).ffill()})


def bars(data: pd.DataFrame, category: str, panel: str, *, figure: str, what: str,
         value: str = "value", scale_max: float | dict[str, float] | None = None):
    """Horizontal bars from zero in stacked panels, one panel per value of ``panel`` (in data
    order). Each panel's scale runs to its own largest figure (or to ``scale_max`` in every panel,
    e.g. 100 for shares in per cent); a range (``value_high``) extends its bar with a dashed
    outline. The panel title names the unit: no axis is drawn, every bar is labelled."""
    columns = [category, value, *(["value_high"] if "value_high" in data else []), panel]
    plotted = shape.for_chart(data, *columns)
    plotted["_order"] = range(len(plotted))  # the book's CSV leaves this column out
    height = _height(plotted, category, panel)
    has_high = "value_high" in plotted
    high = f"isValid(datum.value_high) ? datum.value_high : datum['{value}']" if has_high else f"datum['{value}']"
    top = ("datum._ct * %d + datum._p * %d + (datum._p - 1) * %d + datum._before * %d + (datum._i - 1) * %d"
           % (TITLE_LINE, TITLE_GAP, PANEL_GAP, LINE, BAR_GAP + BAR + ROW_GAP))
    base = (alt.Chart(inline_data(plotted))
            .transform_calculate(_high=high)
            .transform_window(_i="row_number()", sort=[alt.SortField("_order")])
            .transform_joinaggregate(_first="min(_i)", _max="max(_high)", groupby=[panel])
            .transform_window(_p="dense_rank()", sort=[alt.SortField("_first")])
            .transform_calculate(_name=_lines(category, plotted[category], NAME_CHARS),
                                 _title=_lines(panel, plotted[panel], TITLE_CHARS))
            .transform_calculate(_n="length(datum._name)",
                                 _tn="datum._i == datum._first ? length(datum._title) : 0")
            # running totals up to and including the row (Vega mis-reads a frame ending at -1)
            .transform_window(_cn="sum(_n)", _ct="sum(_tn)", sort=[alt.SortField("_i")], frame=[None, 0])
            .transform_calculate(_before="datum._cn - datum._n")
            .transform_calculate(_top=top)
            .transform_calculate(
                _bar=f"datum._top + datum._n * {LINE} + {BAR_GAP}",
                _bar2=f"datum._top + datum._n * {LINE} + {BAR_GAP + BAR}",
                _mid=f"datum._top + datum._n * {LINE} + {BAR_GAP + BAR / 2}",
                _head=f"datum._top - {TITLE_GAP} - datum._tn * {TITLE_LINE}",
                _scale=_scale(scale_max, panel),
                _zero="0")
            .transform_calculate(_x=f"datum['{value}'] / datum._scale", _xh="datum._high / datum._scale"))
    y_scale = alt.Scale(domain=[0, height], reverse=True, zero=True, nice=False)
    x_scale = alt.Scale(domain=[0, 1 / BAR_SHARE], zero=True, nice=False)
    x0, x, xh = (alt.X(f"{f}:Q", scale=x_scale, axis=None) for f in ("_zero", "_x", "_xh"))
    y = {f: alt.Y(f"{f}:Q", scale=y_scale, axis=None) for f in ("_bar", "_top", "_mid", "_head")}
    tips = tooltip(alt.Tooltip(f"{category}:N", title="What"), alt.Tooltip(f"{panel}:N", title="Panel"))
    marks = base.mark_rect(stroke=PRIMARY, strokeWidth=1.5, color=PRIMARY).encode(
        x=x0, x2="_x:Q", y=y["_bar"], y2="_bar2:Q",
        fillOpacity=fill_opacity(), tooltip=tips)
    layers = [marks]
    if has_high:
        layers.append(base.transform_filter("isValid(datum.value_high)").mark_rect(
            stroke=PRIMARY, strokeWidth=1.5, strokeDash=[3, 2], color=PRIMARY, fillOpacity=0.05).encode(
            x=x, x2="_xh:Q", y=y["_bar"], y2="_bar2:Q", tooltip=tips))
    names = base.mark_text(align="left", baseline="top", fontSize=12, lineHeight=LINE).encode(
        x=x0, y=y["_top"], text="_name:N")
    figures = base.mark_text(align="left", baseline="middle", dx=5, fontSize=12).encode(
        x=xh, y=y["_mid"], text="label:N")
    titles = base.transform_filter("datum._i == datum._first").mark_text(
        align="left", baseline="top", fontSize=12.5, fontWeight="bold", lineHeight=TITLE_LINE).encode(
        x=x0, y=y["_head"], text="_title:N")
    chart = alt.layer(*layers, names, figures, titles)
    first = ~plotted[panel].duplicated()  # the description names each panel once, at its first row
    described = plotted.assign(_what=[f"{p} — {n}" if f else n for p, n, f in zip(plotted[panel], plotted[category], first)])
    return describe(chart, figure, what, described, "_what", width="container", height=height)
