"""One function per kind of chart. Each takes shaped data (see shape.py) and returns an Altair
chart that knows its figure label, its one-sentence description and, through its data, its sources.

Rules kept here so no chapter has to remember them: bars start at zero; hedged, estimated,
claimed or forecast figures are hollow, outlined at full strength and labelled as such; dates are
placed on a time axis so that gaps in time show as gaps, with one tick per label; amounts in
different currencies get separate panels (multiples.py).

Every chart reads at any width. Long names wrap into lines instead of being cut; a bar's figure
always fits inside the chart, because the axis reaches as far as the label needs at the chart's
actual width; and each chart is built twice, for a column and for a phone, the second kept as a
patch in ``usermeta.narrow`` that the page's script (static/embed.js) applies below ``NARROW`` px.
"""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from . import shape
from .theme import ACTOR_ORDER, NARROW, PRIMARY, THEME_TITLES, actor_scale, theme_scale

HOLLOW = 0.12  # fill opacity of a hedged mark; its outline stays at full strength
ROW = 30       # pixels per bar (at least)
LINE = 15      # pixels per line of a wrapped label
WRAP = {False: 30, True: 17}   # characters per line of a category label, in a column / on a phone
TICKS = {False: 7, True: 4}    # most ticks on a value or time axis
CHAR = 6.6     # pixels per character of an 11-12 px label, generous so that labels never overrun
#: A large amount as '1.5bn' or '800m' on an axis, so three ticks fit a phone.
COMPACT = ("datum.value >= 1e9 ? format(datum.value / 1e9, '~g') + 'bn' : "
           "datum.value >= 1e6 ? format(datum.value / 1e6, '~g') + 'm' : format(datum.value, ',')")


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


def _meta(chart, figure: str, what: str, plotted: pd.DataFrame, key: str | None, narrow: dict | None = None,
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


def _responsive(build, figure: str, what: str, plotted: pd.DataFrame, key: str | None):
    """Build a chart for a column (``build(False)``) and for a phone (``build(True)``), and keep
    the phone version as the top-level keys in which it differs (None: drop the key)."""
    wide, narrow = build(False), build(True)
    w, n = wide.to_dict(), narrow.to_dict()
    fixed = {"datasets", "usermeta", "$schema", "config"}
    patch = {k: v for k, v in n.items() if k not in fixed and w.get(k) != v}
    patch.update({k: None for k in w if k not in n and k not in fixed})
    return _meta(wide, figure, what, plotted, key, narrow=patch)


def _colour(data: pd.DataFrame, colour: str | None, title: str | None, kind: str = "actor",
            narrow: bool = False):
    """Fill and outline by actor or theme (one colour per mark: a hollow mark keeps its outline)."""
    if colour is None:
        return alt.value(PRIMARY), alt.value(PRIMARY)
    scale = actor_scale(data[colour]) if kind == "actor" else theme_scale(data[colour])
    legend = (alt.Legend(title=title, orient="bottom" if narrow else "top", columns=2 if narrow else alt.Undefined,
                         direction="horizontal" if not narrow else alt.Undefined)
              if title else None)
    return (alt.Color(f"{colour}:N", scale=scale, legend=legend),
            alt.Stroke(f"{colour}:N", scale=scale, legend=None))


def _fill_opacity():
    return alt.condition("datum.hedged", alt.value(HOLLOW), alt.value(1.0))


def _label_expr(names: dict, chars: int) -> str:
    """An axis ``labelExpr`` that shows each value's name wrapped into lines of ``chars``."""
    lines = {str(k): shape.lines(v, chars) for k, v in names.items()}
    return f"({json.dumps(lines, ensure_ascii=False)})[datum.value] || datum.label"


def _step(names, chars: int) -> int:
    """Band height that fits the longest wrapped name."""
    return max(ROW, max((len(shape.lines(n, chars)) for n in names), default=1) * LINE + 8)


def _reach(values, labels, pad: int = 14) -> dict | None:
    """Where a value axis must end so that each bar's label, drawn after the bar, ends inside
    the plot at its actual width (Vega's ``width`` signal): for a label of L px after a bar of
    value v, the axis needs v / (1 - (L + pad) / width)."""
    terms = [f"{float(v)!r}/max(1-{len(str(label)) * CHAR + pad:.0f}/width,0.25)"
             for v, label in zip(values, labels) if v is not None and not pd.isna(v) and v > 0]
    return {"expr": f"max({','.join(terms)})"} if terms else None


def _value_axis(values, title: str, narrow: bool) -> alt.Axis:
    big = pd.to_numeric(pd.Series(values), errors="coerce").max() >= 1e6
    return alt.Axis(title=title, tickCount=TICKS[narrow], labelExpr=COMPACT if big else alt.Undefined,
                    labelFlush=True)


def _time_axis(dates, time_format: str, narrow: bool) -> alt.Axis:
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


def bars(data: pd.DataFrame, category: str, *, figure: str, what: str, value_title: str,
         value: str = "value", colour: str | None = None, colour_title: str | None = None):
    """Horizontal bars from zero, one per row, labelled with the hedged figure."""
    plotted = shape.for_chart(data, category, value, colour)
    names = dict(zip(plotted[category], plotted[category]))

    def build(narrow: bool):
        fill, stroke = _colour(plotted, colour, colour_title, narrow=narrow)
        y = alt.Y(f"{category}:N", sort=None, title=None, axis=alt.Axis(labelExpr=_label_expr(names, WRAP[narrow])))
        x = alt.X(f"{value}:Q", axis=_value_axis(plotted[value], value_title, narrow),
                  scale=alt.Scale(zero=True, domainMax=_reach(plotted[value], plotted["label"]) or alt.Undefined))
        base = alt.Chart(_data(plotted))
        marks = base.mark_bar(strokeWidth=1.5, height={"band": 0.7}).encode(
            y=y, x=x, color=fill, stroke=stroke, fillOpacity=_fill_opacity(),
            tooltip=_tooltip(alt.Tooltip(f"{category}:N", title="What")))
        text = base.mark_text(align="left", dx=5, baseline="middle").encode(y=y, x=x, text="label:N")
        return alt.layer(marks, text).properties(width="container",
                                                 height=alt.Step(_step(names.values(), WRAP[narrow])))
    return _responsive(build, figure, what, plotted, category)


def dated(data: pd.DataFrame, *, figure: str, what: str, value_title: str, value: str = "value",
          colour: str | None = None, colour_title: str | None = None, time_format: str = "%b %Y"):
    """Observations at their dates: a stem from zero to each value on a time axis (gaps in time
    stay gaps), with the hedged figure as a label."""
    plotted = shape.for_chart(data, "date", value, colour)

    def build(narrow: bool):
        fill, stroke = _colour(plotted, colour, colour_title, narrow=narrow)
        x = alt.X("date:T", title=None, axis=_time_axis(plotted["date"], time_format, narrow),
                  scale=alt.Scale(padding=28))
        y = alt.Y(f"{value}:Q", title=value_title, axis=alt.Axis(tickCount=TICKS[narrow] + 1),
                  scale=alt.Scale(zero=True, domainMax=shape.headroom(plotted[value], 1.2)))
        base = alt.Chart(_data(plotted))
        stems = base.mark_rule(strokeWidth=2).encode(x=x, y=y, y2=alt.datum(0), color=fill)
        heads = base.mark_point(size=110, strokeWidth=2, filled=True, opacity=1).encode(
            x=x, y=y, color=fill, stroke=stroke, fillOpacity=_fill_opacity(), tooltip=_tooltip())
        text = base.mark_text(dy=-12, align="center").encode(x=x, y=y, text="label:N")
        return alt.layer(stems, heads, text).properties(width="container", height=280)
    return _responsive(build, figure, what, plotted, "when")


def ranges(data: pd.DataFrame, category: str, *, figure: str, what: str, value_title: str):
    """Single figures as dots and ranges ('15-20%') as bars between their ends, from a zero axis."""
    plotted = shape.for_chart(data, category, "value", "value_high")
    plotted["high"] = [h if h is not None else v for v, h in zip(plotted["value"], plotted["value_high"])]
    names = dict(zip(plotted[category], plotted[category]))

    def build(narrow: bool):
        y = alt.Y(f"{category}:N", sort=None, title=None, axis=alt.Axis(labelExpr=_label_expr(names, WRAP[narrow])))
        x = alt.X("value:Q", axis=_value_axis(plotted["high"], value_title, narrow),
                  scale=alt.Scale(zero=True, domainMax=_reach(plotted["high"], plotted["label"]) or alt.Undefined))
        base = alt.Chart(_data(plotted))
        span = base.mark_bar(height=10, color=PRIMARY, stroke=PRIMARY, strokeWidth=1.5).encode(
            y=y, x=x, x2="high:Q", fillOpacity=_fill_opacity(), tooltip=_tooltip())
        dots = base.mark_point(size=120, strokeWidth=2, filled=True, color=PRIMARY, stroke=PRIMARY, opacity=1).encode(
            y=y, x=x, fillOpacity=_fill_opacity(), tooltip=_tooltip())
        text = base.mark_text(align="left", dx=8).encode(y=y, x="high:Q", text="label:N")
        return alt.layer(span, dots, text).properties(width="container",
                                                      height=alt.Step(_step(names.values(), WRAP[narrow])))
    return _responsive(build, figure, what, plotted, category)


def series(data: pd.DataFrame, x: str, *, figure: str, what: str, value_title: str,
           value: str = "value", x_title: str | None = None):
    """A yearly series as bars from zero, each labelled, years as an ordinal axis."""
    plotted = shape.for_chart(data, x, value)
    xx = alt.X(f"{x}:O", title=x_title, axis=alt.Axis(labelAngle=0))
    y = alt.Y(f"{value}:Q", title=value_title, axis=alt.Axis(tickCount=5),
              scale=alt.Scale(zero=True, domainMax=shape.headroom(plotted[value], 1.15)))
    base = alt.Chart(_data(plotted))
    marks = base.mark_bar(color=PRIMARY, stroke=PRIMARY, strokeWidth=1.5, width={"band": 0.6}).encode(
        x=xx, y=y, fillOpacity=_fill_opacity(), tooltip=_tooltip())
    text = base.mark_text(dy=-8).encode(x=xx, y=y, text="label:N")
    return _meta(alt.layer(marks, text), figure, what, plotted, x, width="container", height=260)


def _lookup(values: dict) -> str:
    """A Vega expression that looks a row's value up by its id: positions and wrapped lines
    computed here, kept in the spec so that the plotted data stay exactly the source rows."""
    return f"({json.dumps(values, ensure_ascii=False)})[datum.id]"


def reactions(data: pd.DataFrame, who: str, how: str, *, group: str, panel: str, figure: str, what: str,
              order: list[str] | None = None):
    """Who reacted how, as a list that reads on a phone: one panel per ``panel`` value (e.g.
    the election), a heading per ``group`` (the actor's bloc, in ``order``), then one row per
    reaction: the actor (wrapped; named once for consecutive reactions of one actor), a dot in
    the bloc's colour (hollow when the source hedges it) and the reaction."""
    plotted = shape.for_chart(data, "id", panel, group, who, how, "summary")
    groups = [g for g in (order or ACTOR_ORDER) if g in set(plotted[group])]
    groups += [g for g in dict.fromkeys(plotted[group]) if g not in groups]
    panels = list(dict.fromkeys(plotted[panel]))
    plotted["_order"] = [(panels.index(p), groups.index(g)) for p, g in zip(plotted[panel], plotted[group])]
    plotted = plotted.sort_values("_order", kind="stable").drop(columns="_order").reset_index(drop=True)
    stance = max(len(s) for s in plotted[how]) * CHAR

    def build(narrow: bool):
        chars = WRAP[narrow] + 4
        names, heads, titles, tops, y, previous = {}, {}, {}, {}, 4, (None, None, None)
        for row_id, p, g, actor in zip(plotted["id"], plotted[panel], plotted[group], plotted[who]):
            if p != previous[0]:
                y += 12 if previous[0] else 0
                titles[row_id], y = y, y + 20
            if (p, g) != previous[:2]:
                heads[row_id], y = y + 4, y + 22
            names[row_id] = shape.lines(actor, chars) if (p, g, actor) != previous else [""]
            tops[row_id], y = y, y + len(names[row_id]) * LINE + 5
            previous = (p, g, actor)
        name_width = chars * CHAR
        fill, stroke = _colour(plotted, group, None)
        base = alt.Chart(_data(plotted)).transform_calculate(
            _top=_lookup(tops), _name=_lookup(names), _head=_lookup(heads), _title=_lookup(titles),
            _group=f"upper(slice(datum['{group}'], 0, 1)) + slice(datum['{group}'], 1)")
        top = alt.Y("_top:Q", scale=None)
        mid = alt.Y("_mid:Q", scale=None)
        name = base.mark_text(align="left", baseline="top", lineHeight=LINE, fontSize=12).encode(
            x=alt.value(0), y=top, text="_name:N")
        dots = base.transform_calculate(_mid=f"datum._top + {LINE / 2 + 1}").mark_point(
            size=100, strokeWidth=2, filled=True, opacity=1).encode(
            x=alt.value(name_width + 10), y=mid, color=fill, stroke=stroke, fillOpacity=_fill_opacity(),
            tooltip=[alt.Tooltip(f"{who}:N", title="Who"), alt.Tooltip("summary:N", title="What"), *_tooltip()[1:]])
        text = base.mark_text(align="left", baseline="top", fontSize=12).encode(
            x=alt.value(name_width + 22), y=top, text=f"{how}:N")
        head = base.transform_filter("isValid(datum._head)").mark_text(
            align="left", baseline="top", fontSize=12, fontWeight="bold").encode(
            x=alt.value(0), y=alt.Y("_head:Q", scale=None), text="_group:N")
        title = base.transform_filter("isValid(datum._title)").mark_text(
            align="left", baseline="top", fontSize=13, fontWeight="bold").encode(
            x=alt.value(0), y=alt.Y("_title:Q", scale=None), text=f"{panel}:N")
        return alt.layer(title, head, name, dots, text).properties(width=name_width + 22 + stance, height=y)
    return _responsive(build, figure, what, plotted.assign(label=plotted[how]), who)


def agenda(data: pd.DataFrame, *, figure: str, what: str, colour: str | None = None):
    """Dated statements (forecasts, deadlines) as a list in date order: each names the statement
    (wrapped to the column) above a line on which a dot marks its date, with the date as
    precisely as the source gives it written beside the dot."""
    plotted = shape.for_chart(data.sort_values(["date", "id"]), "id", "date", "title", "actors", colour)
    dates = pd.to_datetime(plotted["date"])
    middle = (dates.min() + (dates.max() - dates.min()) / 2).strftime("%Y-%m-%d")

    def build(narrow: bool):
        chars = 46 if narrow else 92
        names, tops, y = {}, {}, 2
        for row_id, title in zip(plotted["id"], plotted["title"]):
            names[row_id] = shape.lines(title, chars)
            tops[row_id], y = y, y + len(names[row_id]) * LINE + 30
        fill, stroke = _colour(plotted, colour, None, kind="theme")
        base = alt.Chart(_data(plotted)).transform_calculate(
            _top=_lookup(tops), _name=_lookup(names)).transform_calculate(
            _mid=f"datum._top + length(datum._name) * {LINE} + 9")
        x = alt.X("date:T", title=None, axis=_time_axis(plotted["date"], "%Y", narrow),
                  scale=alt.Scale(padding=12))
        mid = alt.Y("_mid:Q", scale=None)
        name = base.mark_text(align="left", baseline="top", lineHeight=LINE, fontSize=12).encode(
            x=alt.value(0), y=alt.Y("_top:Q", scale=None), text="_name:N")
        track = base.mark_rule(strokeWidth=1, strokeDash=[2, 3], color="#8a8a8a").encode(
            x=alt.value(0), x2=alt.value("width"), y=mid)
        dots = base.mark_point(size=110, strokeWidth=2, filled=True, opacity=1).encode(
            x=x, y=mid, color=fill, stroke=stroke, fillOpacity=_fill_opacity(),
            tooltip=[alt.Tooltip("title:N", title="What"), alt.Tooltip("actors:N", title="Who"), *_tooltip()[1:]])
        early = base.transform_filter(f"time(datum.date) < time('{middle}')").mark_text(align="left", dx=9, baseline="middle").encode(
            x=x, y=mid, text="when:N")
        late = base.transform_filter(f"time(datum.date) >= time('{middle}')").mark_text(align="right", dx=-9, baseline="middle").encode(
            x=x, y=mid, text="when:N")
        return alt.layer(track, name, dots, early, late).properties(width="container", height=y - 12)
    return _responsive(build, figure, what, plotted.assign(label=plotted["title"]), "when")


def per_year(data: pd.DataFrame, *, figure: str, what: str, colour: str, colour_title: str):
    """Dated statements counted by year as a stack of squares, one per statement (so that the
    years with many stand out and gaps in time show), with each year's count above its stack."""
    plotted = shape.for_chart(data.sort_values(["date", "id"]), "id", "date", "title", "actors", colour)
    years = pd.to_datetime(plotted["date"]).dt.year
    tallest = int(years.value_counts().max())
    base = (alt.Chart(_data(plotted)).transform_calculate(year="year(datum.date)")
            .transform_window(stack="row_number()", groupby=["year"], sort=[alt.SortField("date")]))
    y = alt.Y("stack:Q", title="Statements and measures in the year", scale=alt.Scale(domain=[0, tallest + 2], nice=False))

    def build(narrow: bool):
        fill, stroke = _colour(plotted, colour, colour_title, narrow=narrow)
        x = alt.X("year:Q", title=None, scale=alt.Scale(domain=[int(years.min()) - 0.5, int(years.max()) + 0.5], nice=False),
                  axis=alt.Axis(format="d", tickCount=TICKS[narrow], labelFlush=True, grid=False))
        squares = base.mark_square(size=49 if narrow else 64, strokeWidth=1.5, filled=True, opacity=1).encode(
            x=x, y=y.axis(tickCount=TICKS[narrow]), color=fill, stroke=stroke, fillOpacity=_fill_opacity(),
            tooltip=[alt.Tooltip("title:N", title="What"), alt.Tooltip("actors:N", title="Who"), *_tooltip()[1:]])
        counts = base.transform_aggregate(n="count()", groupby=["year"]).mark_text(dy=-10).encode(
            x=x, y=alt.Y("n:Q"), text="n:Q")
        return alt.layer(squares, counts).properties(width="container", height=(tallest + 2) * (10 if narrow else 11))
    return _responsive(build, figure, what, plotted.assign(label=plotted["title"]), "when")


def events(data: pd.DataFrame, *, figure: str, what: str, interactive: bool = True,
           lanes: int = 3, height_per_theme: int = 56):
    """Events on a time line, one band per theme. Interactive: drag or scroll to zoom the years,
    choose a theme from the menu to filter, hover for the source passage."""
    plotted = shape.for_chart(data, "date", "title", "actors", "theme")
    plotted["chapter"] = plotted["theme"].map(THEME_TITLES)
    plotted["lane"] = plotted.groupby("theme").cumcount() % lanes
    chapters = [THEME_TITLES[t] for t in THEME_TITLES if t in set(plotted["theme"])]

    def build(narrow: bool):
        fill, stroke = _colour(plotted, "theme", "Theme", kind="theme", narrow=narrow)
        chart = alt.Chart(_data(plotted)).mark_point(size=90, strokeWidth=1.5, filled=True, opacity=1).encode(
            x=alt.X("date:T", title=None, axis=_time_axis(plotted["date"], "%Y", narrow)),
            y=alt.Y("chapter:N", sort=chapters, title=None, axis=alt.Axis(labelExpr=_label_expr(
                dict(zip(chapters, chapters)), WRAP[narrow]))),
            yOffset=alt.YOffset("lane:O"),
            color=fill, stroke=stroke, fillOpacity=_fill_opacity(),
            tooltip=[alt.Tooltip("title:N", title="Event"), alt.Tooltip("when:N", title="Date"),
                     alt.Tooltip("actors:N", title="Who"), *_tooltip()[2:]])
        if interactive:
            pick = alt.selection_point(name="theme_menu", fields=["chapter"],
                                       bind=alt.binding_select(options=[None, *chapters],
                                                               labels=["All themes", *chapters], name="Show: "))
            zoom = alt.selection_interval(name="zoom", bind="scales", encodings=["x"])
            chart = chart.add_params(pick, zoom).transform_filter(pick)
        return chart.properties(width="container", height=height_per_theme * len(chapters))
    return _responsive(build, figure, what, plotted, "when")
