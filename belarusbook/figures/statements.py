"""Charts of statements rather than numbers: who reacted how to an election, what the sources
expected and when, and how many West–Belarus statements each year holds. Each row is a sentence
of a source; the charts lay those rows out as readable lists and counts, wrapped to the column
and re-laid for a phone (parts.py), with the quote in every tooltip.
"""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from . import shape
from .parts import (CHAR, LINE, TICKS, WRAP, colour_by, fill_opacity, inline_data, no_source_band,
                    no_source_label, responsive, time_axis, tooltip)
from .theme import ACTOR_ORDER, NARROW, NARROWEST, VERDICTS


def _lookup(values: dict) -> str:
    """A Vega expression that looks a row's value up by its id: positions and wrapped lines
    computed here, kept in the spec so that the plotted data stay exactly the source rows."""
    return f"({json.dumps(values, ensure_ascii=False)})[datum.id]"


def reactions(data: pd.DataFrame, who: str, how: str, *, group: str, panel: str, figure: str, what: str,
              order: list[str] | None = None, palette: dict[str, str] | None = None):
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
    longest = max(len(s) for s in plotted[how])

    def build(narrow: bool):
        chars = WRAP[narrow] + 4
        name_width = chars * CHAR
        # what each did, wrapped to the room the column leaves beside the names (a reaction is a
        # word or two; a forecast is a sentence)
        # the narrowest column each layout meets: a 360 px phone's, or the phone breakpoint's
        budget = NARROWEST if narrow else NARROW
        room = max(int((budget - name_width - 22 - 12) / CHAR), 12)
        says_chars = min(longest, room)
        title_chars = int(budget / (CHAR * 1.1))
        names, says, heads, titles, tops, y, previous = {}, {}, {}, {}, {}, 4, (None, None, None)
        title_lines = {}
        for row_id, p, g, actor, said in zip(plotted["id"], plotted[panel], plotted[group], plotted[who], plotted[how]):
            if p != previous[0]:
                y += 12 if previous[0] else 0
                title_lines[row_id] = shape.lines(p, title_chars)
                titles[row_id], y = y, y + len(title_lines[row_id]) * (LINE + 2) + 5
            if (p, g) != previous[:2]:
                heads[row_id], y = y + 4, y + 22
            names[row_id] = shape.lines(actor, chars) if (p, g, actor) != previous else [""]
            says[row_id] = shape.lines(said, says_chars)
            tops[row_id], y = y, y + max(len(names[row_id]), len(says[row_id])) * LINE + 5
            previous = (p, g, actor)
        fill, stroke = colour_by(plotted, group, None, palette=palette)
        base = alt.Chart(inline_data(plotted)).transform_calculate(
            _top=_lookup(tops), _name=_lookup(names), _says=_lookup(says), _head=_lookup(heads),
            _title=_lookup(titles), _title_text=_lookup(title_lines),
            _group=f"upper(slice(datum['{group}'], 0, 1)) + slice(datum['{group}'], 1)")
        top = alt.Y("_top:Q", scale=None)
        mid = alt.Y("_mid:Q", scale=None)
        name = base.mark_text(align="left", baseline="top", lineHeight=LINE, fontSize=12).encode(
            x=alt.value(0), y=top, text="_name:N")
        dots = base.transform_calculate(_mid=f"datum._top + {LINE / 2 + 1}").mark_point(
            size=100, strokeWidth=2, filled=True, opacity=1).encode(
            x=alt.value(name_width + 10), y=mid, color=fill, stroke=stroke, fillOpacity=fill_opacity(),
            tooltip=[alt.Tooltip(f"{who}:N", title="Who"), alt.Tooltip("summary:N", title="What"), *tooltip()[1:]])
        text = base.mark_text(align="left", baseline="top", lineHeight=LINE, fontSize=12).encode(
            x=alt.value(name_width + 22), y=top, text="_says:N")
        head = base.transform_filter("isValid(datum._head)").mark_text(
            align="left", baseline="top", fontSize=12, fontWeight="bold").encode(
            x=alt.value(0), y=alt.Y("_head:Q", scale=None), text="_group:N")
        title = base.transform_filter("isValid(datum._title)").mark_text(
            align="left", baseline="top", fontSize=13, fontWeight="bold", lineHeight=LINE + 2).encode(
            x=alt.value(0), y=alt.Y("_title:Q", scale=None), text="_title_text:N")
        return alt.layer(title, head, name, dots, text).properties(width=name_width + 22 + says_chars * CHAR, height=y)
    return responsive(build, figure, what, plotted.assign(label=plotted[how]), who)


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
        fill, stroke = colour_by(plotted, colour, None, kind="theme")
        base = alt.Chart(inline_data(plotted)).transform_calculate(
            _top=_lookup(tops), _name=_lookup(names)).transform_calculate(
            _mid=f"datum._top + length(datum._name) * {LINE} + 9")
        x = alt.X("date:T", title=None, axis=time_axis(plotted["date"], "%Y", narrow),
                  scale=alt.Scale(padding=12))
        mid = alt.Y("_mid:Q", scale=None)
        name = base.mark_text(align="left", baseline="top", lineHeight=LINE, fontSize=12).encode(
            x=alt.value(0), y=alt.Y("_top:Q", scale=None), text="_name:N")
        track = base.mark_rule(strokeWidth=1, strokeDash=[2, 3], color="#767676").encode(
            x=alt.value(0), x2=alt.value("width"), y=mid)
        dots = base.mark_point(size=110, strokeWidth=2, filled=True, opacity=1).encode(
            x=x, y=mid, color=fill, stroke=stroke, fillOpacity=fill_opacity(),
            tooltip=[alt.Tooltip("title:N", title="What"), alt.Tooltip("actors:N", title="Who"), *tooltip()[1:]])
        early = base.transform_filter(f"time(datum.date) < time('{middle}')").mark_text(align="left", dx=9, baseline="middle").encode(
            x=x, y=mid, text="when:N")
        late = base.transform_filter(f"time(datum.date) >= time('{middle}')").mark_text(align="right", dx=-9, baseline="middle").encode(
            x=x, y=mid, text="when:N")
        gap = no_source_band(base, x["scale"])
        label = no_source_label(base, y - 8, x["scale"])
        return alt.layer(gap, track, name, dots, early, late, label).properties(width="container", height=y + 18)
    return responsive(build, figure, what, plotted.assign(label=plotted["title"]), "when")


def per_year(data: pd.DataFrame, *, figure: str, what: str, colour: str, colour_title: str):
    """Dated statements counted by year as a stack of squares, one per statement (so that the
    years with many stand out and gaps in time show), with each year's count above its stack."""
    plotted = shape.for_chart(data.sort_values(["date", "id"]), "id", "date", "title", "actors", colour)
    years = pd.to_datetime(plotted["date"]).dt.year
    tallest = int(years.value_counts().max())
    base = (alt.Chart(inline_data(plotted)).transform_calculate(year="year(datum.date)")
            .transform_window(stack="row_number()", groupby=["year"], sort=[alt.SortField("date")]))
    y = alt.Y("stack:Q", title="Statements and measures in the year", scale=alt.Scale(domain=[0, tallest + 2], nice=False))

    def build(narrow: bool):
        fill, stroke = colour_by(plotted, colour, colour_title, narrow=narrow)
        x = alt.X("year:Q", title=None, scale=alt.Scale(domain=[int(years.min()) - 0.5, int(years.max()) + 0.5], nice=False),
                  axis=alt.Axis(format="d", tickCount=TICKS[narrow], labelFlush=True, grid=False))
        squares = base.mark_square(size=49 if narrow else 64, strokeWidth=1.5, filled=True, opacity=1).encode(
            x=x, y=y.axis(tickCount=TICKS[narrow]), color=fill, stroke=stroke, fillOpacity=fill_opacity(),
            tooltip=[alt.Tooltip("title:N", title="What"), alt.Tooltip("actors:N", title="Who"), *tooltip()[1:]])
        counts = base.transform_aggregate(n="count()", groupby=["year"]).mark_text(dy=-10).encode(
            x=x, y=alt.Y("n:Q"), text="n:Q")
        gap = no_source_band(base, x["scale"], years=True)
        height = (tallest + 2) * (10 if narrow else 11)
        label = no_source_label(base, height / 2 if narrow else 4, x["scale"], years=True, upright=narrow)
        return alt.layer(gap, squares, counts, label).properties(width="container", height=height)
    return responsive(build, figure, what, plotted.assign(label=plotted["title"]), "when")


def verdicts(data: pd.DataFrame, *, figure: str, what: str):
    """Forecasts made in the sources under the book's verdict on each (borne out, partly, not borne
    out, not testable from these sources): a heading per verdict, then each forecaster and forecast,
    with a dot in the verdict's colour (hollow: a forecast is never an established fact)."""
    return reactions(data, "forecaster", "forecast", group="verdict", panel="panel", figure=figure, what=what,
                     order=list(VERDICTS), palette=VERDICTS)
