"""The parts every kind of chart is built from, so that each kind keeps the book's rules without
repeating them: plotted rows as inline records, the evidence tooltip, the figure label and a
description written from the data, the phone layout kept as a patch, one colour per actor or
theme with hedged marks hollow but outlined, labels wrapped rather than cut, a value axis that
leaves room for each bar's label, and time axes that never repeat a tick.

Every chart reads at any width: each is built twice, for a column and for a phone, the second kept
as a patch in ``usermeta.narrow`` that the page's script (static/embed.js) applies below
``NARROW`` px.
"""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from . import shape
from .theme import NARROW, NARROWEST, PRIMARY, actor_scale, theme_scale

HOLLOW = 0.12  # fill opacity of a hedged mark; its outline stays at full strength
ROW = 30       # pixels per bar (at least)
LINE = 15      # pixels per line of a wrapped label
WRAP = {False: 30, True: 17}   # characters per line of a category label, in a column / on a phone
TICKS = {False: 7, True: 4}    # most ticks on a value or time axis
CHAR = 6.6     # pixels per character of an 11-12 px label, generous so that labels never overrun
#: A large amount as '1.5bn' or '800m' on an axis, so three ticks fit a phone.
COMPACT = ("datum.value >= 1e9 ? format(datum.value / 1e9, '~g') + 'bn' : "
           "datum.value >= 1e6 ? format(datum.value / 1e6, '~g') + 'm' : format(datum.value, ',')")


def inline_data(plotted: pd.DataFrame) -> alt.InlineData:
    """Plotted rows as plain records. (Altair's DataFrame path turns None back into NaN under
    pandas 3, which is not valid JSON; records keep missing values as null.)"""
    return alt.InlineData(values=plotted.to_dict(orient="records"))


def tooltip(*extra: alt.Tooltip) -> list[alt.Tooltip]:
    return [*extra,
            alt.Tooltip("label:N", title="Figure"),
            alt.Tooltip("when:N", title="Date"),
            alt.Tooltip("qualifier:N", title="Qualifier"),
            alt.Tooltip("quote:N", title="Source says"),
            alt.Tooltip("source:N", title="Source"),
            alt.Tooltip("locator:N", title="Where")]


def describe(chart, figure: str, what: str, plotted: pd.DataFrame, key: str | None, narrow: dict | None = None,
          **props):
    """Attach the figure label and a one-sentence description written from the plotted data,
    so that the description (the chart's accessible name and its text/plain form) can never
    disagree with the chart; and the phone layout, if the chart has one."""
    if not figure.startswith("fig-"):
        raise ValueError(f"figure labels start with 'fig-': {figure!r}")
    items = []
    for _, row in plotted.iterrows():
        name = row.get(key) if key else None
        items.append(f"{name}: {row['label']}" if name else str(row["label"]))
    listed = "; ".join(items[:12]) + ("; and more" if len(items) > 12 else "")
    description = f"{what}. {listed}." if listed else f"{what}."
    usermeta = {"figure": figure, "description": description}
    if narrow:
        usermeta["narrow"] = {"below": NARROW, "patch": narrow}
    return chart.properties(usermeta=usermeta, **props)


def responsive(build, figure: str, what: str, plotted: pd.DataFrame, key: str | None):
    """Build a chart for a column (``build(False)``) and for a phone (``build(True)``), and keep
    the phone version as the top-level keys in which it differs (None: drop the key)."""
    wide, narrow = build(False), build(True)
    w, n = wide.to_dict(), narrow.to_dict()
    fixed = {"datasets", "usermeta", "$schema", "config"}
    patch = {k: v for k, v in n.items() if k not in fixed and w.get(k) != v}
    patch.update({k: None for k in w if k not in n and k not in fixed})
    return describe(wide, figure, what, plotted, key, narrow=patch)


def colour_by(data: pd.DataFrame, colour: str | None, title: str | None, kind: str = "actor",
            narrow: bool = False, palette: dict[str, str] | None = None):
    """Fill and outline by actor or theme (one colour per mark: a hollow mark keeps its outline)."""
    if colour is None:
        return alt.value(PRIMARY), alt.value(PRIMARY)
    if palette:
        domain = [g for g in palette if g in set(data[colour])]
        scale = alt.Scale(domain=domain, range=[palette[g] for g in domain])
    else:
        scale = actor_scale(data[colour]) if kind == "actor" else theme_scale(data[colour])
    legend = (alt.Legend(title=title, orient="bottom" if narrow else "top", columns=legend_columns(data[colour], narrow),
                         labelLimit=0) if title else None)
    return (alt.Color(f"{colour}:N", scale=scale, legend=legend),
            alt.Stroke(f"{colour}:N", scale=scale, legend=None))


def legend_columns(labels, narrow: bool) -> int:
    """As many legend columns as the narrowest column of the layout holds without cutting a label
    (each column is as wide as its longest label, a symbol and padding)."""
    longest = max(len(str(label)) for label in set(labels)) * CHAR + 40
    return max(1, min(len(set(labels)), int((NARROWEST if narrow else NARROW) // longest)))


def fill_opacity():
    return alt.condition("datum.hedged", alt.value(HOLLOW), alt.value(1.0))


def wrapped_labels(names: dict, chars: int) -> str:
    """An axis ``labelExpr`` that shows each value's name wrapped into lines of ``chars``."""
    lines = {str(k): shape.lines(v, chars) for k, v in names.items()}
    return f"({json.dumps(lines, ensure_ascii=False)})[datum.value] || datum.label"


def band_step(names, chars: int) -> int:
    """Band height that fits the longest wrapped name."""
    return max(ROW, max((len(shape.lines(n, chars)) for n in names), default=1) * LINE + 8)


def label_reach(values, labels, pad: int = 14) -> dict | None:
    """Where a value axis must end so that each bar's label, drawn after the bar, ends inside
    the plot at its actual width (Vega's ``width`` signal): for a label of L px after a bar of
    value v, the axis needs v / (1 - (L + pad) / width)."""
    terms = [f"{float(v)!r}/max(1-{len(str(label)) * CHAR + pad:.0f}/width,0.25)"
             for v, label in zip(values, labels) if v is not None and not pd.isna(v) and v > 0]
    return {"expr": f"max({','.join(terms)})"} if terms else None


def value_axis(values, title: str, narrow: bool) -> alt.Axis:
    big = pd.to_numeric(pd.Series(values), errors="coerce").max() >= 1e6
    return alt.Axis(title=title, tickCount=TICKS[narrow], labelExpr=COMPACT if big else alt.Undefined,
                    labelFlush=True)


def time_axis(dates, time_format: str, narrow: bool) -> alt.Axis:
    """Ticks at whole years or months, no more than fit, so that no tick label repeats."""
    d = pd.to_datetime(pd.Series(list(dates))).dropna()
    months = (d.max().year - d.min().year) * 12 + d.max().month - d.min().month + 1
    if time_format == "%Y" and months < 24:
        time_format = "%b %Y"
    if time_format == "%Y":
        unit, steps, span = "year", (1, 2, 5, 10, 20), months / 12
    else:
        unit, steps, span = "month", (1, 2, 3, 6, 12, 24, 60), months
    step = next((s for s in steps if span / s <= TICKS[narrow]), steps[-1])
    if unit == "month" and step >= 12:
        unit, step, time_format = "year", step // 12, "%Y"
    return alt.Axis(format=time_format, labelAngle=0, labelFlush=True, tickCount={"interval": unit, "step": step})


#: The period in which none of the book's sources was written: from the Commons Library briefing
#: (5 October 2021) to the 2025 election, after which Preiherman wrote. A time axis shows it as a
#: grey band, a gap in the evidence rather than a lull in events (STYLE.md, Figures).
NO_SOURCE = (pd.Timestamp("2021-10-05"), pd.Timestamp("2025-01-26"))
NO_SOURCE_TEXT = ["No source", "written"]
GAP_FILL = "#8a8a8a"
GAP_OPACITY = 0.06     # faint enough that every mark over it keeps 3:1 (the audit reads it as backdrop)
GAP_EDGE = "#767676"   # the period's edges: 4.5:1 on the light page, 4:1 on the dark one


def _datetime(day: pd.Timestamp) -> str:
    return f"datetime({day.year}, {day.month - 1}, {day.day})"


def no_source_band(base: alt.Chart, scale=alt.Undefined, *, years: bool = False, clip: bool = False) -> alt.LayerChart:
    """The period in which no source was written: a faint grey band between two dashed edges, as
    layers that read the chart's own rows (aggregated to one), so a chart keeps exactly one table
    of plotted rows; ``scale`` is the chart's x scale. On a time axis the band runs from date to
    date; on an axis of whole years it covers the years wholly inside the period (2022–2024). The
    figure audit knows the band by its paint (``GAP_FILL`` at ``GAP_OPACITY``) and reads it as what
    lies behind the marks and texts over it; the edges are marks like any other."""
    if years:
        start, end = f"{NO_SOURCE[0].year + 0.5}", f"{NO_SOURCE[1].year - 0.5}"
        kind = "Q"
    else:
        start, end, kind = _datetime(NO_SOURCE[0]), _datetime(NO_SOURCE[1]), "T"
    one = base.transform_aggregate(_rows="count()").transform_calculate(_gap_from=start, _gap_to=end)
    x_from = alt.X(f"_gap_from:{kind}", title=None, scale=scale, axis=None)
    band = one.mark_rect(color=GAP_FILL, opacity=GAP_OPACITY, clip=clip).encode(
        x=x_from, x2="_gap_to", y=alt.value(0), y2=alt.value("height"))
    edges = [one.mark_rule(color=GAP_EDGE, strokeWidth=1, strokeDash=[4, 3], clip=clip).encode(
        x=alt.X(f"{edge}:{kind}", title=None, scale=scale, axis=None), y=alt.value(0), y2=alt.value("height"))
        for edge in ("_gap_from", "_gap_to")]
    return alt.layer(band, *edges)


def no_source_label(base: alt.Chart, y: float | str, scale=alt.Undefined, *, years: bool = False,
                    upright: bool = False) -> alt.Chart:
    """The band's label centred in it at ``y`` (px from the top): two short lines, or, where the
    band is too narrow for them (a phone's axis of whole years), one line turned upright."""
    middle = (f"{(NO_SOURCE[0].year + NO_SOURCE[1].year) / 2}" if years
              else _datetime(NO_SOURCE[0] + (NO_SOURCE[1] - NO_SOURCE[0]) / 2))
    text = " ".join(NO_SOURCE_TEXT) if upright else NO_SOURCE_TEXT
    mark = (dict(angle=270, align="center", baseline="middle", fontSize=11) if upright
            else dict(align="center", baseline="top", fontSize=11, lineHeight=13))
    return (base.transform_aggregate(_rows="count()")
            .transform_calculate(_gap_mid=middle, _gap_text=json.dumps(text))
            .mark_text(**mark)
            .encode(x=alt.X(f"_gap_mid:{'Q' if years else 'T'}", title=None, scale=scale, axis=None),
                    y=alt.value(y), text="_gap_text:N"))
