"""The map's boundaries are the vendored world-atlas file, checked before use, and the map chart
carries them inline (so it draws offline), with every plotted row traceable to its quote."""

from __future__ import annotations

import json
import shutil

import pytest

from belarusbook import maps
from belarusbook import timeline
from belarusbook.data.load import load, load_boundaries
from belarusbook.data.paths import DATA
from belarusbook.data.validate import DataError, package, resource


def test_boundaries_load_and_match_the_recorded_checksum():
    topology = load_boundaries()
    assert topology["type"] == "Topology"
    ids = {g.get("id") for g in topology["objects"]["countries"]["geometries"]}
    assert {"112", "643", "804", "616", "233", "826"} <= ids
    assert resource("world-atlas", package())["version"] == "2.0.2"


def test_a_tampered_boundaries_file_is_refused(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    target = copy / "world-atlas" / "countries-110m.json"
    target.write_text(target.read_text(encoding="utf-8").replace('"Belarus"', '"Belarus!"'), encoding="utf-8")
    with pytest.raises(DataError, match="checksum"):
        load_boundaries(copy)


def test_the_map_embeds_its_boundaries_and_no_url():
    spec = maps.chart(figure="fig-west-map", what="Stances").to_dict()
    text = json.dumps(spec)
    assert '"url"' not in text
    assert any(isinstance(v, dict) and v.get("type") == "Topology" for v in spec["datasets"].values())
    assert '"geoshape"' in text


def test_the_map_plots_at_least_25_rows_each_with_its_quote():
    frame = maps.rows()
    assert len(frame) >= 25
    assert frame["quote"].notna().all()
    assert set(load("reactions")["id"]) <= set(frame["id"])


def test_timeline_labels_do_not_collide_at_either_width():
    plotted = timeline.layout(load("events").pipe(__import__("belarusbook").shape.statements))
    for name, column, width in (("wide", "key_label", timeline.WIDE), ("narrow", "key_short", timeline.NARROW)):
        shown = plotted[plotted[f"lane_{name}"].notna()]
        assert len(shown) >= (8 if name == "wide" else 4), name
        boxes = []
        for date, text, lane, flip in zip(shown["date"], shown[column], shown[f"lane_{name}"], shown[f"right_{name}"]):
            x = timeline._x(date, width)
            length = len(text) * timeline.CHAR + 4
            boxes.append((lane, x - length if flip else x, x if flip else x + length))
            assert 0 <= boxes[-1][1] and boxes[-1][2] <= width, (name, text)
        for i, (lane, left, right) in enumerate(boxes):
            for other_lane, other_left, other_right in boxes[i + 1:]:
                assert lane != other_lane or right <= other_left or other_right <= left, (name, lane)
