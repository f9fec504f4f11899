"""The book's timeline: a compact 1991–2025 overview strip whose brush drives a detail view.

Why two views: at one scale the events of June 2020 to December 2021 (nearly a hundred) are a
smear of dots that only hovering can read. The detail view opens on that window (the brush's initial value) and
labels a curated set of key events directly, so the chart reads without hovering; dragging on the
strip (mouse or finger: Vega's interval brush listens to pointer events) moves the window.

Every position is worked out here, in pixels, rather than left to Vega, so that labels are placed
once for a desktop column and once for a phone and provably do not collide:
dots are packed into rows per theme so that no two overlap at ``WIDE`` pixels, and each key
event's label gets a lane above the bands (with a leader line to its dot) at both ``WIDE`` and
``NARROW``. The view switches between the two label layouts at ``WIDE`` pixels.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from . import shape
from .parts import describe, fill_opacity, inline_data, no_source_band, tooltip
from .theme import THEME_TITLES, THEMES

#: The key events labelled on the detail view: id -> (label, shorter label at phone width or None).
#: Chosen as the turning points the chapters discuss: the vote and the campaign behind it, the
#: first sanctions of the UK and the EU, the Russian loan, partnership and exercise, the Ryanair
#: landing and the coordinated sanctions that answered it, a long sentence, and the 2025 vote
#: (labelled once the brush reaches it). Labels are our words.
KEY_EVENTS: dict[str, tuple[str, str | None]] = {
    "evt-060": ("Campaigns unite", None),
    "evt-062": ("Election", "Election"),
    "evt-070": ("Russian loan", None),
    "evt-075": ("UK sanctions", "UK sanctions"),
    "evt-080": ("EU sanctions", None),
    "evt-089": ("Partnership pact", None),
    "evt-094": ("Ryanair landing", "Ryanair"),
    "evt-111": ("Joint sanctions", None),
    "evt-114": ("Babaryka sentenced", None),
    "evt-137": ("Zapad-21", "Zapad-21"),
    "evt-148": ("Election 2025", "Election 2025"),
}
#: The window the detail view opens on.
WINDOW = (pd.Timestamp("2020-06-01"), pd.Timestamp("2021-12-31"))
WIDE, NARROW = 560, 300   # plot widths (px) the layouts are computed for; wide applies from WIDE up
CHAR = 6.6                # px per character of an 11 px label (generous for DejaVu Sans)
DOT = 9                   # px between dot centres that do not overlap
ROW = 11                  # px per row of dots within a theme band
HEADER = 16               # px of a band's heading
LANE = 16                 # px per label lane
LANES = 6                 # label lanes at most
GAP = 8                   # px kept free between two labels in one lane
OVERVIEW_ROW = 7          # px per theme row of the overview strip
FLUSH = 32                # a tick label this close (px) to an end of its axis is aligned inwards


def _x(date: pd.Timestamp, width: float) -> float:
    return (date - WINDOW[0]) / (WINDOW[1] - WINDOW[0]) * width


def _dot_rows(dates: list[pd.Timestamp], width: float) -> list[int]:
    """Pack dots of one theme into rows so that no two in a row are closer than DOT px."""
    last: list[float] = []
    rows = []
    for date in dates:
        x = _x(date, width)
        for row, end in enumerate(last):
            if x - end >= DOT:
                last[row] = x
                rows.append(row)
                break
        else:
            last.append(x)
            rows.append(len(last) - 1)
    return rows


def _label_lanes(dates: list[pd.Timestamp], texts: list[str], width: float) -> tuple[list, list]:
    """A lane (0 = nearest the dots) and a side for each label so that no two labels overlap and
    no leader line crosses a label. Labels are placed from the right, each in the lowest free lane
    and, where it fits, to the right of its leader: a label then only ever covers the leaders of
    labels below it. A label that fits in no lane, or whose event lies outside the window, is not
    shown at this width (lane None)."""
    placed: list[tuple[int, float, float, float]] = []  # lane, left, right, anchor
    found: dict[int, tuple[int | None, bool]] = {}
    for i in sorted(range(len(dates)), key=lambda i: dates[i], reverse=True):
        x = _x(dates[i], width)
        length = len(texts[i]) * CHAR + 4
        found[i] = (None, x + length > width)
        if not 0 <= x <= width:
            continue
        sides = [flip for flip in (False, True) if (x - length >= 0 if flip else x + length <= width)]
        for flip, lane in [(flip, lane) for flip in sides for lane in range(LANES)]:
            left, end = (x - length, x) if flip else (x, x + length)
            if not any((p_lane == lane and left < p_right + GAP and p_left < end + GAP)
                       or (p_lane < lane and p_left - 2 <= x <= p_right + 2)
                       or (p_lane > lane and left - 2 <= p_anchor <= end + 2)
                       for p_lane, p_left, p_right, p_anchor in placed):
                placed.append((lane, left, end, x))
                found[i] = (lane, flip)
                break
    return [found[i][0] for i in range(len(dates))], [found[i][1] for i in range(len(dates))]


def layout(events: pd.DataFrame) -> pd.DataFrame:
    """Events (shaped by ``shape.statements``) with the columns the chart positions them by:
    ``chapter``, ``row`` (dot row in its band), ``y`` (px in the detail view), ``band`` (px of
    its band's heading), ``key_label`` and, for key events, lane and side at both widths."""
    plotted = events.sort_values(["date", "id"]).reset_index(drop=True)
    plotted["chapter"] = plotted["theme"].map(THEME_TITLES)
    plotted["key_label"] = plotted["id"].map(lambda i: KEY_EVENTS.get(i, (None, None))[0])
    plotted["key_short"] = plotted["id"].map(lambda i: KEY_EVENTS.get(i, (None, None))[1])
    plotted["row"] = 0
    for theme in THEMES:
        mask = plotted["theme"] == theme
        plotted.loc[mask, "row"] = _dot_rows(list(plotted.loc[mask, "date"]), WIDE)
    lanes = {}
    for name, column, width in (("wide", "key_label", WIDE), ("narrow", "key_short", NARROW)):
        subset = plotted[plotted[column].notna()]
        lane, flip = _label_lanes(list(subset["date"]), list(subset[column]), width)
        lanes[name] = max([l for l in lane if l is not None], default=0) + 1
        plotted.loc[subset.index, f"lane_{name}"] = lane
        plotted.loc[subset.index, f"right_{name}"] = flip
    top = max(lanes.values()) * LANE + 12
    band = top
    for theme in THEMES:
        mask = plotted["theme"] == theme
        if not mask.any():
            continue
        plotted.loc[mask, "band"] = band
        plotted.loc[mask, "y"] = band + HEADER + 4 + plotted.loc[mask, "row"] * ROW
        band += HEADER + 4 + (plotted.loc[mask, "row"].max() + 1) * ROW + 8
    plotted.attrs["height"] = int(band)
    plotted.attrs["top"] = top
    return plotted


def _label_layer(base: alt.Chart, x: alt.X, top: int, side: str) -> alt.LayerChart:
    """Key labels on one side of their leader line, in the lane of the layout that fits the
    current width (``width`` is the view's own signal)."""
    pick = f"(width >= {WIDE} ? datum.right_wide : datum.right_narrow) == {'true' if side == 'right' else 'false'}"
    lane = f"width >= {WIDE} ? datum.lane_wide : datum.lane_narrow"
    placed = (base.transform_calculate(lane=lane, key=f"width >= {WIDE} ? datum.key_label : datum.key_short")
              .transform_filter(f"isValid(datum.lane) && {pick}")
              .transform_calculate(ly=f"{top} - 10 - datum.lane * {LANE}"))
    text = placed.mark_text(align=side, baseline="middle", dx=-3 if side == "right" else 3,
                            fontSize=11, clip=True).encode(
        x=x, y=alt.Y("ly:Q", scale=None), text="key:N")
    leader = placed.mark_rule(strokeWidth=1, color="#888888", clip=True).encode(
        x=x, y=alt.Y("ly:Q", scale=None), y2=alt.Y2("y:Q"))
    return alt.layer(leader, text)


def chart(events: pd.DataFrame, *, figure: str, what: str) -> alt.VConcatChart:
    """Overview strip (1991–2025, brushable) above a detail view of the brushed window."""
    plotted = layout(events)
    height, top = plotted.attrs["height"], plotted.attrs["top"]
    keep = ["id", "date", "title", "actors", "theme", "chapter", "key_label", "key_short", "row", "y", "band",
            "lane_wide", "right_wide", "lane_narrow", "right_narrow"]
    rows = shape.for_chart(plotted, *keep)
    chapters = [THEME_TITLES[t] for t in THEMES if t in set(plotted["theme"])]
    scale = alt.Scale(domain=list(THEMES), range=list(THEMES.values()))
    colour = alt.Color("theme:N", scale=scale, legend=None)
    pick = alt.selection_point(name="theme_menu", fields=["chapter"],
                               bind=alt.binding_select(options=[None, *chapters],
                                                       labels=["All themes", *chapters], name="Show: "))
    brush = alt.selection_interval(
        name="brush", encodings=["x"],
        value={"x": [alt.DateTime(year=d.year, month=d.month, date=d.day) for d in WINDOW]},
        mark=alt.BrushConfig(fill="#888888", fillOpacity=0.2, stroke="#888888", strokeWidth=1.5))
    tips = [alt.Tooltip("title:N", title="Event"), alt.Tooltip("when:N", title="Date"),
            alt.Tooltip("actors:N", title="Who"), *tooltip()[2:]]
    base = alt.Chart().transform_filter(pick)

    years = [alt.DateTime(year=y, month=1, date=1) for y in range(1995, 2026, 5)]
    overview_x = alt.X("date:T", title=None, scale=alt.Scale(padding=3),
                       axis=alt.Axis(values=years, format="%Y", grid=False, labelFlush=FLUSH))
    overview_gap = no_source_band(alt.Chart(), alt.Scale(padding=3))
    overview = base.mark_tick(thickness=2, size=OVERVIEW_ROW - 1, opacity=1).encode(
        x=overview_x, y=alt.Y("chapter:N", sort=chapters, axis=None),
        color=colour, tooltip=tips,
    ).add_params(brush, pick)
    overview = alt.layer(overview_gap, overview).properties(width="container", height=OVERVIEW_ROW * len(chapters),
                                   title=alt.Title("1991–2025: drag across the strip to choose a period",
                                                   fontSize=12, fontWeight="normal", anchor="start"))

    month_or_day = ("timeFormat(datum.value, '%d') == '01' ? timeFormat(datum.value, '%b %Y')"
                    " : timeFormat(datum.value, '%d %b %Y')")
    window = ", ".join(f"datetime({d.year}, {d.month - 1}, {d.day})" for d in WINDOW)
    # The brushed period; with no brush (cleared, or collapsed by a zero-width re-layout) the
    # opening window rather than all 35 years, for which the key labels are not laid out.
    domain = alt.ExprRef(f"isArray(brush.date) && brush.date[1] > brush.date[0] ? brush.date : [{window}]")
    x = alt.X("date:T", title=None, scale=alt.Scale(domain=domain),
              axis=alt.Axis(labelExpr=month_or_day, labelFlush=FLUSH, grid=True, labelOverlap=True,
                            tickCount={"expr": f"width < {WIDE} ? {{interval: 'month', step: 6}} : 7"}))
    dots = base.mark_point(filled=True, size=60, strokeWidth=1.5, opacity=1, clip=True).encode(
        x=x, y=alt.Y("y:Q", scale=None), color=colour, stroke=alt.Stroke("theme:N", scale=scale, legend=None),
        fillOpacity=fill_opacity(), tooltip=tips)
    rings = base.transform_filter("isValid(datum.key_label)").mark_point(
        size=170, strokeWidth=1.5, color="#888888", opacity=1, clip=True).encode(x=x, y=alt.Y("y:Q", scale=None))
    heads = base.transform_aggregate(band="min(band)", groupby=["chapter", "theme"]).transform_calculate(
        band="datum.band + 8")
    swatch = heads.mark_point(filled=True, size=60, opacity=1).encode(
        x=alt.value(5), y=alt.Y("band:Q", scale=None), color=colour)
    heading = heads.mark_text(align="left", baseline="middle", fontSize=11, fontWeight="bold", dx=0).encode(
        x=alt.value(13), y=alt.Y("band:Q", scale=None), text="chapter:N")
    labels = [_label_layer(base, x, top, side) for side in ("left", "right")]
    gap = no_source_band(alt.Chart(), alt.Scale(domain=domain), clip=True)
    detail = alt.layer(gap, heading, swatch, rings, dots, *labels).properties(width="container", height=height)
    combined = alt.vconcat(overview, detail, data=inline_data(rows), spacing=14)
    combined = combined.properties(padding={"left": 0, "right": 0, "top": 4, "bottom": 4})
    keys = plotted[plotted["key_label"].notna()]
    return describe(combined, figure, what, keys.assign(label=keys["title"]), "when")
