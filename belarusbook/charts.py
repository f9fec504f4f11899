"""One function per kind of chart. Each takes shaped data (see shape.py) and returns an Altair
chart that knows its figure label, its one-sentence description and, through its data, its sources.

Rules kept here so no chapter has to remember them: bars start at zero; hedged, estimated,
claimed or forecast figures are hollow and labelled as such; dates are placed on a time axis so
that gaps in time show as gaps; amounts in different currencies get separate axes.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from . import shape
from .theme import PRIMARY, THEME_TITLES, actor_scale, theme_scale

HOLLOW = 0.12  # fill opacity of a hedged mark; its outline stays at full strength
ROW = 30       # pixels per bar


def _data(plotted: pd.DataFrame) -> alt.InlineData:
    """Plotted rows as plain records. (Altair's DataFrame path turns None back into NaN under
    pandas 3, which is not valid JSON; records keep missing values as null.)"""
    return alt.InlineData(values=plotted.to_dict(orient="records"))


def _tooltip(*extra: alt.Tooltip) -> list[alt.Tooltip]:
    return [*extra,
            alt.Tooltip("label:N", title="Figure"),
            alt.Tooltip("when:N", title="Date"),
            alt.Tooltip("qualifier:N", title="Qualifier"),
            alt.Tooltip("quote:N", title="Source says"),
            alt.Tooltip("source:N", title="Source"),
            alt.Tooltip("locator:N", title="Where")]


def _meta(chart, figure: str, what: str, plotted: pd.DataFrame, key: str | None, **props):
    """Attach the figure label and a one-sentence description written from the plotted data,
    so that the description (the chart's accessible name and its text/plain form) can never
    disagree with the chart."""
    if not figure.startswith("fig-"):
        raise ValueError(f"figure labels start with 'fig-': {figure!r}")
    items = []
    for _, row in plotted.iterrows():
        name = row.get(key) if key else None
        items.append(f"{name}: {row['label']}" if name else str(row["label"]))
    listed = "; ".join(items[:12]) + ("; and more" if len(items) > 12 else "")
    description = f"{what}. {listed}." if listed else f"{what}."
    return chart.properties(usermeta={"figure": figure, "description": description}, **props)


def _colour(data: pd.DataFrame, colour: str | None, title: str | None, kind: str = "actor",
            columns: int | None = None):
    if colour is None:
        return alt.value(PRIMARY), alt.value(PRIMARY)
    scale = actor_scale(data[colour]) if kind == "actor" else theme_scale(data[colour])
    legend = alt.Legend(title=title, columns=columns or alt.Undefined) if title else None
    return (alt.Color(f"{colour}:N", scale=scale, legend=legend),
            alt.Stroke(f"{colour}:N", scale=scale, legend=None))


def _fill_opacity():
    return alt.condition("datum.hedged", alt.value(HOLLOW), alt.value(1.0))


def _headroom(values: pd.Series, factor: float = 1.32) -> float:
    return float(pd.to_numeric(values, errors="coerce").max()) * factor


def bars(data: pd.DataFrame, category: str, *, figure: str, what: str, value_title: str,
         value: str = "value", colour: str | None = None, colour_title: str | None = None):
    """Horizontal bars from zero, one per row, labelled with the hedged figure."""
    plotted = shape.for_chart(data, category, value, colour)
    fill, stroke = _colour(plotted, colour, colour_title)
    y = alt.Y(f"{category}:N", sort=None, title=None)
    x = alt.X(f"{value}:Q", title=value_title, scale=alt.Scale(zero=True, domainMax=_headroom(plotted[value])))
    base = alt.Chart(_data(plotted))
    marks = base.mark_bar(strokeWidth=1.5, height={"band": 0.7}).encode(
        y=y, x=x, color=fill, stroke=stroke, fillOpacity=_fill_opacity(),
        tooltip=_tooltip(alt.Tooltip(f"{category}:N", title="What")))
    text = base.mark_text(align="left", dx=5, baseline="middle").encode(y=y, x=x, text="label:N")
    return _meta(alt.layer(marks, text), figure, what, plotted, category, width="container", height=ROW * len(plotted))


def bars_by(data: pd.DataFrame, category: str, panel: str, *, figure: str, what: str,
            value_title: str, value: str = "value", colour: str | None = None, colour_title: str | None = None):
    """Bars in separate panels with their own axes (e.g. one per currency): never summed, never
    on one axis unconverted."""
    plotted = shape.for_chart(data, category, value, panel, colour)
    fill, stroke = _colour(plotted, colour, colour_title)
    y = alt.Y(f"{category}:N", sort=None, title=None)
    x = alt.X(f"{value}:Q", title=value_title, scale=alt.Scale(zero=True))
    base = alt.Chart()
    marks = base.mark_bar(strokeWidth=1.5).encode(
        y=y, x=x, color=fill, stroke=stroke, fillOpacity=_fill_opacity(),
        tooltip=_tooltip(alt.Tooltip(f"{category}:N", title="What")))
    text = base.mark_text(align="left", dx=5).encode(y=y, x=x, text="label:N")
    chart = (alt.layer(marks, text, data=_data(plotted))
             .properties(width=400)
             .facet(row=alt.Row(f"{panel}:N", title=None, sort=list(dict.fromkeys(plotted[panel])),
                                header=alt.Header(labelAngle=0, labelAlign="left", labelOrient="top", labelAnchor="start",
                                                  labelFontWeight="bold")))
             .resolve_scale(x="independent", y="independent"))
    return _meta(chart, figure, what, plotted, category)


def dated(data: pd.DataFrame, *, figure: str, what: str, value_title: str, value: str = "value",
          colour: str | None = None, colour_title: str | None = None, time_format: str = "%b %Y"):
    """Observations at their dates: a stem from zero to each value on a time axis (gaps in time
    stay gaps), with the hedged figure as a label."""
    plotted = shape.for_chart(data, "date", value, colour)
    fill, stroke = _colour(plotted, colour, colour_title)
    x = alt.X("date:T", title=None, axis=alt.Axis(format=time_format, labelAngle=0, tickCount=6))
    y = alt.Y(f"{value}:Q", title=value_title, scale=alt.Scale(zero=True, domainMax=_headroom(plotted[value], 1.2)))
    base = alt.Chart(_data(plotted))
    stems = base.mark_rule(strokeWidth=2).encode(x=x, y=y, y2=alt.datum(0), color=fill)
    heads = base.mark_point(size=110, strokeWidth=2, filled=True).encode(
        x=x, y=y, color=fill, stroke=stroke, fillOpacity=_fill_opacity(), tooltip=_tooltip())
    text = base.mark_text(dy=-12, align="center").encode(x=x, y=y, text="label:N")
    return _meta(alt.layer(stems, heads, text), figure, what, plotted, "when", width="container", height=280)


def ranges(data: pd.DataFrame, category: str, *, figure: str, what: str, value_title: str):
    """Single figures as dots and ranges ('15-20%') as bars between their ends, from a zero axis."""
    plotted = shape.for_chart(data, category, "value", "value_high")
    plotted["high"] = [h if h is not None else v for v, h in zip(plotted["value"], plotted["value_high"])]
    y = alt.Y(f"{category}:N", sort=None, title=None)
    x = alt.X("value:Q", title=value_title, scale=alt.Scale(zero=True, domainMax=_headroom(plotted["high"])))
    base = alt.Chart(_data(plotted))
    span = base.mark_bar(height=10, color=PRIMARY, stroke=PRIMARY, strokeWidth=1.5).encode(
        y=y, x=x, x2="high:Q", fillOpacity=_fill_opacity(), tooltip=_tooltip())
    dots = base.mark_point(size=120, strokeWidth=2, filled=True, color=PRIMARY).encode(
        y=y, x=x, fillOpacity=_fill_opacity(), tooltip=_tooltip())
    text = base.mark_text(align="left", dx=8).encode(y=y, x="high:Q", text="label:N")
    return _meta(alt.layer(span, dots, text), figure, what, plotted, category, width="container", height=ROW * len(plotted) + 10)


def series(data: pd.DataFrame, x: str, *, figure: str, what: str, value_title: str,
           value: str = "value", x_title: str | None = None):
    """A yearly series as bars from zero, each labelled, years as an ordinal axis."""
    plotted = shape.for_chart(data, x, value)
    xx = alt.X(f"{x}:O", title=x_title, axis=alt.Axis(labelAngle=0))
    y = alt.Y(f"{value}:Q", title=value_title, scale=alt.Scale(zero=True, domainMax=_headroom(plotted[value], 1.15)))
    base = alt.Chart(_data(plotted))
    marks = base.mark_bar(color=PRIMARY, stroke=PRIMARY, strokeWidth=1.5, width={"band": 0.6}).encode(
        x=xx, y=y, fillOpacity=_fill_opacity(), tooltip=_tooltip())
    text = base.mark_text(dy=-8).encode(x=xx, y=y, text="label:N")
    return _meta(alt.layer(marks, text), figure, what, plotted, x, width="container", height=260)


def matrix(data: pd.DataFrame, x: str, y: str, *, figure: str, what: str, colour: str,
           colour_title: str, x_title: str | None = None):
    """Who did what: one mark per row at (x, y), coloured by actor; for reactions and stances."""
    plotted = shape.for_chart(data, x, y, colour, "summary")
    plotted["hedged"] = plotted["hedged"].astype(bool)
    fill, stroke = _colour(plotted, colour, colour_title, columns=2)  # a legend as wide as the plot
    chart = alt.Chart(_data(plotted)).mark_point(size=160, strokeWidth=2, filled=True).encode(
        x=alt.X(f"{x}:N", title=x_title, axis=alt.Axis(labelAngle=40, orient="top")),
        y=alt.Y(f"{y}:N", sort=None, title=None),
        color=fill, stroke=stroke, fillOpacity=_fill_opacity(),
        tooltip=[alt.Tooltip(f"{y}:N", title="Who"), alt.Tooltip("summary:N", title="What"),
                 *_tooltip()[1:]])
    return _meta(chart, figure, what, plotted, y, width="container", height=26 * plotted[y].nunique())


def events(data: pd.DataFrame, *, figure: str, what: str, interactive: bool = True,
           lanes: int = 3, height_per_theme: int = 56):
    """Events on a time line, one band per theme. Interactive: drag or scroll to zoom the years,
    choose a theme from the menu to filter, hover for the source passage."""
    plotted = shape.for_chart(data, "date", "title", "actors", "theme")
    plotted["chapter"] = plotted["theme"].map(THEME_TITLES)
    plotted["lane"] = plotted.groupby("theme").cumcount() % lanes
    fill, _ = _colour(plotted, "theme", "Theme", kind="theme")
    chapters = [THEME_TITLES[t] for t in THEME_TITLES if t in set(plotted["theme"])]
    chart = alt.Chart(_data(plotted)).mark_point(size=90, strokeWidth=1.5, filled=True).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y", labelAngle=0)),
        y=alt.Y("chapter:N", sort=chapters, title=None),
        yOffset=alt.YOffset("lane:O"),
        color=fill, fillOpacity=_fill_opacity(),
        tooltip=[alt.Tooltip("title:N", title="Event"), alt.Tooltip("when:N", title="Date"),
                 alt.Tooltip("actors:N", title="Who"), *_tooltip()[2:]])
    if interactive:
        pick = alt.selection_point(name="theme_menu", fields=["chapter"],
                                   bind=alt.binding_select(options=[None, *chapters],
                                                           labels=["All themes", *chapters], name="Show: "))
        zoom = alt.selection_interval(name="zoom", bind="scales", encodings=["x"])
        chart = chart.add_params(pick, zoom).transform_filter(pick)
    return _meta(chart, figure, what, plotted, "when", width="container", height=height_per_theme * len(chapters))
