"""One function per kind of chart. Each takes shaped data (see shape.py) and returns an Altair
chart that knows its figure label, its one-sentence description and, through its data, its sources.

Rules kept here so no chapter has to remember them: bars start at zero; hedged, estimated,
claimed or forecast figures are hollow, outlined at full strength and labelled as such; dates are
placed on a time axis so that gaps in time show as gaps, with one tick per label; amounts in
different currencies get separate panels (multiples.py).

Every chart reads at any width (parts.py): long names wrap into lines instead of being cut; a
bar's figure always fits inside the chart, because the axis reaches as far as the label needs at
the chart's actual width; and a phone gets its own layout. Charts of statements rather than
numbers (reactions, forecasts, events) are in statements.py; panels of figures in different
units in multiples.py; the timeline and the map in timeline.py and maps.py.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from . import shape
from .parts import (TICKS, WRAP, band_step, colour_by, describe, fill_opacity, inline_data,
                    label_reach, responsive, time_axis, tooltip, value_axis, wrapped_labels)
from .theme import PRIMARY


def bars(data: pd.DataFrame, category: str, *, figure: str, what: str, value_title: str,
         value: str = "value", colour: str | None = None, colour_title: str | None = None):
    """Horizontal bars from zero, one per row, labelled with the hedged figure."""
    plotted = shape.for_chart(data, category, value, colour)
    names = dict(zip(plotted[category], plotted[category]))

    def build(narrow: bool):
        fill, stroke = colour_by(plotted, colour, colour_title, narrow=narrow)
        y = alt.Y(f"{category}:N", sort=None, title=None, axis=alt.Axis(labelExpr=wrapped_labels(names, WRAP[narrow])))
        x = alt.X(f"{value}:Q", axis=value_axis(plotted[value], value_title, narrow),
                  scale=alt.Scale(zero=True, domainMax=label_reach(plotted[value], plotted["label"]) or alt.Undefined))
        base = alt.Chart(inline_data(plotted))
        marks = base.mark_bar(strokeWidth=1.5, height={"band": 0.7}).encode(
            y=y, x=x, color=fill, stroke=stroke, fillOpacity=fill_opacity(),
            tooltip=tooltip(alt.Tooltip(f"{category}:N", title="What")))
        text = base.mark_text(align="left", dx=5, baseline="middle").encode(y=y, x=x, text="label:N")
        return alt.layer(marks, text).properties(width="container",
                                                 height=alt.Step(band_step(names.values(), WRAP[narrow])))
    return responsive(build, figure, what, plotted, category)


def dated(data: pd.DataFrame, *, figure: str, what: str, value_title: str, value: str = "value",
          colour: str | None = None, colour_title: str | None = None, time_format: str = "%b %Y"):
    """Observations at their dates: a stem from zero to each value on a time axis (gaps in time
    stay gaps), with the hedged figure as a label."""
    plotted = shape.for_chart(data, "date", value, colour)

    def build(narrow: bool):
        fill, stroke = colour_by(plotted, colour, colour_title, narrow=narrow)
        x = alt.X("date:T", title=None, axis=time_axis(plotted["date"], time_format, narrow),
                  scale=alt.Scale(padding=28))
        y = alt.Y(f"{value}:Q", title=value_title, axis=alt.Axis(tickCount=TICKS[narrow] + 1),
                  scale=alt.Scale(zero=True, domainMax=shape.headroom(plotted[value], 1.2)))
        base = alt.Chart(inline_data(plotted))
        stems = base.mark_rule(strokeWidth=2).encode(x=x, y=y, y2=alt.datum(0), color=fill)
        heads = base.mark_point(size=110, strokeWidth=2, filled=True, opacity=1).encode(
            x=x, y=y, color=fill, stroke=stroke, fillOpacity=fill_opacity(), tooltip=tooltip())
        text = base.mark_text(dy=-12, align="center").encode(x=x, y=y, text="label:N")
        return alt.layer(stems, heads, text).properties(width="container", height=280)
    return responsive(build, figure, what, plotted, "when")


def ranges(data: pd.DataFrame, category: str, *, figure: str, what: str, value_title: str):
    """Single figures as dots and ranges ('15-20%') as bars between their ends, from a zero axis."""
    plotted = shape.for_chart(data, category, "value", "value_high")
    plotted["high"] = [h if h is not None else v for v, h in zip(plotted["value"], plotted["value_high"])]
    names = dict(zip(plotted[category], plotted[category]))

    def build(narrow: bool):
        y = alt.Y(f"{category}:N", sort=None, title=None, axis=alt.Axis(labelExpr=wrapped_labels(names, WRAP[narrow])))
        x = alt.X("value:Q", axis=value_axis(plotted["high"], value_title, narrow),
                  scale=alt.Scale(zero=True, domainMax=label_reach(plotted["high"], plotted["label"]) or alt.Undefined))
        base = alt.Chart(inline_data(plotted))
        span = base.mark_bar(height=10, color=PRIMARY, stroke=PRIMARY, strokeWidth=1.5).encode(
            y=y, x=x, x2="high:Q", fillOpacity=fill_opacity(), tooltip=tooltip())
        dots = base.mark_point(size=120, strokeWidth=2, filled=True, color=PRIMARY, stroke=PRIMARY, opacity=1).encode(
            y=y, x=x, fillOpacity=fill_opacity(), tooltip=tooltip())
        text = base.mark_text(align="left", dx=8).encode(y=y, x="high:Q", text="label:N")
        return alt.layer(span, dots, text).properties(width="container",
                                                      height=alt.Step(band_step(names.values(), WRAP[narrow])))
    return responsive(build, figure, what, plotted, category)


def series(data: pd.DataFrame, x: str, *, figure: str, what: str, value_title: str,
           value: str = "value", x_title: str | None = None):
    """A yearly series as bars from zero, each labelled, years as an ordinal axis."""
    plotted = shape.for_chart(data, x, value)
    xx = alt.X(f"{x}:O", title=x_title, axis=alt.Axis(labelAngle=0))
    y = alt.Y(f"{value}:Q", title=value_title, axis=alt.Axis(tickCount=5),
              scale=alt.Scale(zero=True, domainMax=shape.headroom(plotted[value], 1.15)))
    base = alt.Chart(inline_data(plotted))
    marks = base.mark_bar(color=PRIMARY, stroke=PRIMARY, strokeWidth=1.5, width={"band": 0.6}).encode(
        x=xx, y=y, fillOpacity=fill_opacity(), tooltip=tooltip())
    text = base.mark_text(dy=-8).encode(x=xx, y=y, text="label:N")
    return describe(alt.layer(marks, text), figure, what, plotted, x, width="container", height=260)
