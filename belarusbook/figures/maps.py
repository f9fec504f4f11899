"""The map of the Western response: who took which stance on the 2020 and 2025 results, who
imposed sanctions, and the Ryanair FR4978 diversion.

Why it is built this way:
* Two map panels (after the 2020 election; the 2025 election) share one projection centred on
  Belarus, so the reader compares the same places; a state is filled with the colour of its stance
  that year. The states and institutions the map cannot show (North America, Australasia, the EU,
  the OSCE, the UN) are a list under the maps with the same colours: a circle per statement on the
  2020 result, a diamond per statement on the 2025 result, a square where sanctions were imposed.
* The boundaries are Natural Earth's (``load.load_boundaries()``, checksummed), cut down here to
  the countries the panels show and embedded in the chart, so the page loads no map from anywhere.
* Every mark is one row of reactions.csv, sanctions.csv or events.csv and its tooltip carries
  that row's quote; the data says nothing about a state the map leaves blank.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..data.load import load, load_boundaries
from . import shape
from .parts import HOLLOW, describe, fill_opacity, inline_data, tooltip
from .theme import ACTOR_EXTRA, ACTORS

#: Stance colours (the book's actor palette, which keeps 3:1 against both page backgrounds).
STANCES: dict[str, str] = {
    "non-recognition": ACTORS["EU"], "criticism": ACTORS["UK"], "call for investigation": ACTORS["US"],
    "sanctions": ACTORS["Canada"], "congratulation": ACTORS["Russia"],
    "rejection": ACTORS["Belarusian authorities"], "silence": ACTOR_EXTRA["Ukraine"],
    "endorsement": ACTORS["Belarusian authorities"],
}
#: How a stance reads in the legend (short enough for two legend columns on a phone).
STANCE_NAMES = {"non-recognition": "did not recognise", "criticism": "criticised",
                "call for investigation": "called for inquiry", "sanctions": "sanctions",
                "congratulation": "congratulated", "rejection": "rejected criticism", "silence": "silent",
                "endorsement": "endorsed the vote"}
SHORT = {"United Kingdom": "UK"}
OUTLINE = "#888888"  # country borders: 3.5:1 on white, 5:1 on the dark page

#: Where each actor of the data is drawn: a state on the map (ISO 3166 numeric id, as in
#: world-atlas) or a line of the list. Place names are ours; an actor missing here is an error.
PLACES: dict[str, str] = {
    "Vladimir Putin": "Russia", "Ukraine": "Ukraine", "Belarusian authorities": "Belarus",
    "Belarus Ministry of Foreign Affairs": "Belarus", "Government of Poland": "Poland",
    "Ivan Kubrakou (Minister of Internal Affairs)": "Belarus", "Ihar Karpenka (CEC chairman)": "Belarus",
    "Government of Estonia": "Estonia", "UK government": "United Kingdom",
    "Dominic Raab (UK Foreign Secretary)": "United Kingdom", "UK (joint Canada-UK statement)": "United Kingdom",
    "United Kingdom": "United Kingdom", "Canada (joint Canada-UK statement)": "Canada", "Canada": "Canada",
    "United States": "United States", "Antony Blinken (US Secretary of State)": "United States",
    "Trump administration": "United States", "Australia": "Australia", "New Zealand": "New Zealand",
    "EU Foreign Affairs Council": "European Union", "European Union": "European Union",
    "European Parliament": "European Parliament", "Seventeen OSCE participating States": "OSCE: 17 states",
    "OSCE ODIHR": "OSCE ODIHR", "UN Human Rights Council": "UN Human Rights Council",
    "Joint statement (EU, Australia, Canada, New Zealand, UK)": "Joint statement of five",
    "Many European countries": "Many European countries", "Many Western nations": "Many Western nations",
    "Most Western states and institutions": "Most Western states",
    "EU": "European Union", "UK": "United Kingdom", "US": "United States",
}
#: States on the map: world-atlas id and where the name is written (longitude, latitude).
ON_MAP: dict[str, tuple[str, float, float]] = {
    "Belarus": ("112", 28.4, 52.4), "Russia": ("643", 38.5, 56.5), "Ukraine": ("804", 31.5, 49.0),
    "Poland": ("616", 19.2, 52.0), "Estonia": ("233", 25.5, 60.4), "United Kingdom": ("826", -2.0, 53.0),
}
#: The cities that mills2021 §2.1 names for flight FR4978 (coordinates rounded to 0.1 degree).
CITIES = {"Athens": (23.7, 38.0), "Vilnius": (25.3, 54.7), "Minsk": (27.6, 53.9)}
RYANAIR = "evt-094"
#: What the panels show (longitude, latitude): Ireland to the Volga, Greece to Finland.
EXTENT = [(-10.0, 36.0), (45.0, 36.0), (-10.0, 62.0), (45.0, 62.0), (17.5, 62.0), (17.5, 36.0)]
PANEL_HEIGHT = 300
LIST_ROW = 20
LIST_X = {"name": 0, "2020": 160, "2025": 200, "sanctions": 244}  # fits a 312 px column
SLOT = 12  # px between two marks of one list cell


def _subset(topology: dict, keep: set[str]) -> dict:
    """The topology with only the countries in ``keep`` (world-atlas ids) and the arcs they use,
    renumbered: the chart carries a few dozen kilobytes, not the world."""
    countries = topology["objects"]["countries"]
    geometries = [g for g in countries["geometries"] if g.get("id") in keep]
    used: dict[int, int] = {}

    def walk(node):
        if isinstance(node, list):
            return [walk(n) for n in node]
        index = node if node >= 0 else ~node
        new = used.setdefault(index, len(used))
        return new if node >= 0 else ~new

    out = [{**g, "arcs": walk(g["arcs"])} for g in geometries]
    arcs = [None] * len(used)
    for old, new in used.items():
        arcs[new] = topology["arcs"][old]
    return {"type": "Topology", "transform": topology["transform"], "arcs": arcs,
            "objects": {"countries": {"type": "GeometryCollection", "geometries": out}}}


def _near(topology: dict) -> set[str]:
    """Ids of the countries with a point inside a generous box around the panels' extent."""
    scale, shift = topology["transform"]["scale"], topology["transform"]["translate"]
    inside = set()
    for arc_index, arc in enumerate(topology["arcs"]):
        x = y = 0
        for dx, dy in arc:
            x, y = x + dx, y + dy
            lon, lat = x * scale[0] + shift[0], y * scale[1] + shift[1]
            if -25 <= lon <= 60 and 30 <= lat <= 72:
                inside.add(arc_index)
                break

    def arcs_of(node):
        if isinstance(node, list):
            return {i for n in node for i in arcs_of(n)}
        return {node if node >= 0 else ~node}

    return {g["id"] for g in topology["objects"]["countries"]["geometries"]
            if g.get("id") and arcs_of(g["arcs"]) & inside}


def rows() -> pd.DataFrame:
    """One row per mark: every reaction, the first sanctions each jurisdiction imposed after the
    2020 election, and the two legs of the Ryanair diversion; with place, panel and position."""
    reactions = shape.statements(load("reactions"), label="summary")
    missing = sorted(set(reactions["actor"]) - set(PLACES))
    if missing:
        raise KeyError(f"maps.PLACES does not place {missing}")
    reactions["panel"] = reactions["election_year"].astype(int).astype(str)
    sanctions = load("sanctions")
    sanctions = sanctions[(sanctions["action"] == "designation") & (sanctions["date"] >= "2020-01-01")]
    sanctions = sanctions.sort_values("date").groupby("jurisdiction").head(1)
    sanctions = shape.statements(sanctions.assign(summary="Imposed sanctions: " + sanctions["round"],
                                                  actor=sanctions["jurisdiction"], stance="sanctions"), label="summary")
    sanctions["panel"] = "sanctions"
    flight = load("events").pipe(shape.statements)
    flight = flight[flight["id"] == RYANAIR]
    legs = pd.concat([flight.assign(leg="planned", summary="Planned route, Athens to Vilnius"),
                      flight.assign(leg="diverted", summary="Forced to land in Minsk")])
    legs = legs.assign(actor="Ryanair flight FR4978", stance=None, panel="2020", place=None)
    frame = pd.concat([reactions, sanctions], ignore_index=True)
    frame["place"] = frame["actor"].map(PLACES)
    frame = pd.concat([frame, legs], ignore_index=True)
    return _positions(frame)


def _positions(frame: pd.DataFrame) -> pd.DataFrame:
    """Map states get their id and name point; list places a row and a slot in their cell; the
    first statement of a state in a year colours it (the others are in its tooltip as 'Also')."""
    frame = frame.reset_index(drop=True)
    frame["iso"] = frame["place"].map(lambda p: ON_MAP.get(p, (None,))[0])
    frame["name_lon"] = frame["place"].map(lambda p: ON_MAP[p][1] if p in ON_MAP else None)
    frame["name_lat"] = frame["place"].map(lambda p: ON_MAP[p][2] if p in ON_MAP else None)
    mapped = frame["iso"].notna() & frame["panel"].isin(["2020", "2025"])
    first = ~frame[mapped].duplicated(["place", "panel"])
    frame["fills"] = False
    frame.loc[first[first].index, "fills"] = True
    also = frame[mapped & ~frame["fills"]].groupby(["place", "panel"])["summary"].agg("; ".join)
    frame["also"] = [also.get((p, y)) if f else None for p, y, f in zip(frame["place"], frame["panel"], frame["fills"])]
    listed = frame["place"].notna() & (frame["iso"].isna() | (frame["panel"] == "sanctions"))
    listed &= ~((frame["panel"] == "sanctions") & frame["iso"].notna())
    order = list(dict.fromkeys(p for p in PLACES.values() if p not in ON_MAP))
    frame["list_row"] = [order.index(p) if ok else None for p, ok in zip(frame["place"], listed)]
    slot = frame[listed].groupby(["place", "panel"]).cumcount()
    frame["list_x"] = None
    frame.loc[slot.index, "list_x"] = [LIST_X[frame.at[i, "panel"]] + SLOT * s + 6 for i, s in slot.items()]
    for key, city in (("from", "Athens"), ("to", "Vilnius")):
        frame.loc[frame["leg"] == "planned", [f"{key}_lon", f"{key}_lat"]] = CITIES[city]
    frame.loc[frame["leg"] == "diverted", ["from_lon", "from_lat"]] = _on_route(52.6)
    frame.loc[frame["leg"] == "diverted", ["to_lon", "to_lat"]] = CITIES["Minsk"]
    used = sorted({int(r) for r in frame["list_row"].dropna()})
    frame["list_row"] = frame["list_row"].map(lambda r: None if pd.isna(r) else used.index(int(r)))
    return frame


def _on_route(lat: float) -> tuple[float, float]:
    """A point on the straight Athens-Vilnius line at this latitude: where the drawing turns the
    flight to Minsk (schematic: the source says only that it was in Belarusian airspace)."""
    (lon0, lat0), (lon1, lat1) = CITIES["Athens"], CITIES["Vilnius"]
    return (round(lon0 + (lon1 - lon0) * (lat - lat0) / (lat1 - lat0), 2), lat)


def _tip() -> list[alt.Tooltip]:
    return [alt.Tooltip("place:N", title="Who"), alt.Tooltip("actor:N", title="Actor in the source"),
            alt.Tooltip("stance_name:N", title="Stance"), alt.Tooltip("summary:N", title="What"),
            alt.Tooltip("also:N", title="Also"), alt.Tooltip("when:N", title="Date"), *tooltip()[2:]]


def _panel(year: str, base: alt.Chart, countries: alt.InlineData, colour, title: list[str]) -> alt.LayerChart:
    """One map: the boundaries, the states filled by their stance in ``year``, their names; in
    2020 also the sanctions outline and the Ryanair diversion."""
    geo = alt.Shape("geo:G")
    stance = (base.transform_filter(f"datum.panel == '{year}' && datum.fills")
              .transform_lookup(lookup="iso", from_=alt.LookupData(data=countries, key="id"), as_="geo"))
    layers = [
        alt.Chart(countries).mark_geoshape(fill=OUTLINE, fillOpacity=0.08, stroke=OUTLINE, strokeWidth=1, clip=True),
        stance.mark_geoshape(strokeWidth=2, clip=True).encode(
            shape=geo, color=alt.Color(**colour),
            stroke=alt.Stroke("stance_name:N", scale=colour["scale"], legend=None),
            fillOpacity=alt.condition("datum.hedged", alt.value(HOLLOW), alt.value(0.6)), tooltip=_tip()),
    ]
    if year == "2020":
        sanctions = (base.transform_filter("datum.panel == 'sanctions' && isValid(datum.iso)")
                     .transform_lookup(lookup="iso", from_=alt.LookupData(data=countries, key="id"), as_="geo"))
        route = base.transform_filter("isValid(datum.leg)")
        lon, lat = alt.Longitude("from_lon:Q"), alt.Latitude("from_lat:Q")
        end = {"longitude": alt.Longitude("to_lon:Q"), "latitude": alt.Latitude("to_lat:Q")}
        layers += [
            sanctions.mark_geoshape(filled=False, stroke=STANCES["sanctions"], strokeWidth=3.5, clip=True).encode(
                shape=geo, tooltip=_tip()),
            route.mark_rule(strokeWidth=2.5, color=OUTLINE).encode(
                longitude=lon, latitude=lat, longitude2=alt.Longitude2("to_lon:Q"), latitude2=alt.Latitude2("to_lat:Q"),
                strokeDash=alt.condition("datum.leg == 'planned'", alt.value([5, 4]), alt.value([1, 0])),
                tooltip=_tip()),
            route.mark_point(filled=True, size=40, color=OUTLINE, opacity=1).encode(**end, tooltip=_tip()),
            route.transform_filter("datum.leg == 'planned'").mark_point(filled=True, size=40, color=OUTLINE,
                                                                      opacity=1).encode(longitude=lon, latitude=lat),
            route.transform_filter("datum.leg == 'planned'").mark_text(align="right", dx=-6, fontSize=11).encode(
                **end, text="city_to:N"),
            route.transform_filter("datum.leg == 'diverted'").mark_text(align="left", dx=5, dy=-8, fontSize=11).encode(
                **end, text="city_to:N"),
            route.transform_filter("datum.leg == 'planned'").mark_text(align="left", dx=6, fontSize=11).encode(
                longitude=lon, latitude=lat, text="city_from:N"),
        ]
    layers.append(base.transform_filter(f"datum.panel == '{year}' && datum.fills").mark_text(
        fontSize=11, fontWeight="bold").encode(longitude="name_lon:Q", latitude="name_lat:Q", text="name:N"))
    projection = alt.Projection(type="conicConformal", rotate=[-17.5, 0], parallels=[40, 60],
                                fit={"type": "Feature", "properties": {},
                                     "geometry": {"type": "MultiPoint", "coordinates": [list(p) for p in EXTENT]}})
    return alt.layer(*layers).properties(
        width="container", height=PANEL_HEIGHT, projection=projection,
        title=alt.Title(title, anchor="start", fontSize=12, fontWeight="normal"))


def _list(base: alt.Chart, colour, rows_count: int) -> alt.LayerChart:
    """The states and institutions the map cannot show, with the same marks: a circle per
    statement on the 2020 result, a diamond per statement on 2025, a square for sanctions."""
    listed = base.transform_filter("isValid(datum.list_row)").transform_calculate(ly="datum.list_row * 20 + 28")
    header = base.transform_aggregate(n="count()")
    heads = [header.mark_text(align="left", baseline="middle", fontSize=11, fontWeight="bold").encode(
        x=alt.value(x), y=alt.value(8), text=alt.value(text))
        for text, x in (("Not on the map", LIST_X["name"]), ("2020", LIST_X["2020"]),
                        ("2025", LIST_X["2025"]), ("Sanctions", LIST_X["sanctions"]))]
    names = listed.transform_aggregate(ly="min(ly)", groupby=["place"]).mark_text(
        align="left", baseline="middle", fontSize=11).encode(
        x=alt.value(2), y=alt.Y("ly:Q", scale=None), text="place:N")
    marks = listed.mark_point(filled=True, size=90, strokeWidth=1.5, opacity=1).encode(
        x=alt.X("list_x:Q", scale=None), y=alt.Y("ly:Q", scale=None), color=alt.Color(**colour),
        stroke=alt.Stroke("stance_name:N", scale=colour["scale"], legend=None),
        shape=alt.Shape("panel:N", scale=alt.Scale(domain=["2020", "2025", "sanctions"],
                                                   range=["circle", "diamond", "square"]), legend=None),
        fillOpacity=fill_opacity(), tooltip=_tip())
    return alt.layer(*heads, names, marks).properties(width="container", height=rows_count * LIST_ROW + 24)


def chart(*, figure: str, what: str) -> alt.VConcatChart:
    """The two map panels and the list, sharing one stance legend."""
    frame = rows()
    frame["stance_name"] = frame["stance"].map(STANCE_NAMES)
    frame["name"] = frame["place"].map(lambda p: SHORT.get(p, p))
    frame["city_from"] = frame["leg"].map({"planned": "Athens"})
    frame["city_to"] = frame["leg"].map({"planned": "Vilnius", "diverted": "Minsk"})
    plotted = shape.for_chart(frame, "id", "panel", "place", "actor", "stance_name", "summary", "also", "iso", "name",
                              "fills", "name_lon", "name_lat", "list_row", "list_x", "leg", "from_lon", "from_lat",
                              "to_lon", "to_lat", "city_from", "city_to")
    topology = load_boundaries()
    countries = alt.InlineData(values=_subset(topology, _near(topology)),
                               format=alt.DataFormat(type="topojson", feature="countries"))
    # The legend names the stances a reader can see: a state's fill or a line of the list (a
    # state's later statements in a year are in its tooltip, under 'Also').
    shown = set(frame.loc[frame["fills"] | frame["list_row"].notna(), "stance"])
    names = [STANCE_NAMES[s] for s in STANCES if s in shown]
    scale = alt.Scale(domain=names, range=[STANCES[s] for s in STANCES if s in shown])
    colour = {"field": "stance_name", "type": "nominal", "scale": scale,
              "legend": alt.Legend(title=None, orient="top", columns=2, symbolStrokeWidth=0, labelLimit=200,
                                   rowPadding=6, columnPadding=16)}
    base = alt.Chart()
    rows_count = int(frame["list_row"].dropna().max()) + 1
    maps = [_panel("2020", base, countries, colour, ["After the 2020 election (2020–2021)",
                                                     "Ochre outline: imposed sanctions;", "grey line: Ryanair FR4978"]),
            _panel("2025", base, countries, colour, ["The 2025 election"])]
    combined = alt.vconcat(*maps, _list(base, colour, rows_count), data=inline_data(plotted), spacing=16)
    combined = combined.properties(padding={"left": 0, "right": 0, "top": 4, "bottom": 4})
    return describe(combined, figure, what, frame.assign(label=frame["summary"]).dropna(subset=["place"]), "place")
