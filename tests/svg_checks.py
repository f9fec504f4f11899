"""The checks on a chart as measured in the browser (tests/svg_audit.py measures; svg_measure.py
holds the scripts that read the page): labels cut, overlapping or repeated, a chart too wide for
its column, a still shown too small, marks under 3:1 and texts under 4.5:1 against what is really
behind them, and a still's pixels. Pure Python on the measured geometry and paint: each check
calls ``report(kind, detail, count=1)`` for a problem it finds."""

from __future__ import annotations

from belarusbook.figures.parts import GAP_FILL, GAP_OPACITY
from colour import MARK_RATIO, TEXT_RATIO, TRANSPARENT, contrast, paint, rgba, through, under

MIN_SCALE = 0.9     # a still is shown at no less than this share of the width it was painted at
GROUND_RATIO = 1.1  # a still's ground, in the screenshot, is the page's (at most this contrast apart)
OVERLAP_PX = 1.0   # boxes may touch by this much (glyph cells include some air)
OPAQUE = 0.99      # a stroke counts as an outline only at (nearly) full strength


def mark_ratio(mark: dict, stage: list[dict], below: tuple = TRANSPARENT) -> float | None:
    """The better of the fill's and the full-strength outline's contrast with the ground (``below``,
    what the chart paints under the mark, over the stage), both as the reader sees them; None for an
    invisible mark."""
    ground = through(below, stage)
    fill = paint(mark["fill"], mark["fillOpacity"] * mark["opacity"])
    stroke = paint(mark["stroke"], mark["strokeOpacity"] * mark["opacity"]) if mark["strokeWidth"] > 0 else None
    if fill is None and stroke is None:
        return None
    ratios = [contrast(through(under(fill, below), stage), ground)] if fill else []
    if stroke and mark["strokeWidth"] >= 1 and stroke[3] >= OPAQUE:
        ratios.append(contrast(through(under(stroke, below), stage), ground))
    return max(ratios, default=1.0)


# --- geometry ------------------------------------------------------------------------------------

def penetration(a: list, b: list) -> float:
    """How deep two convex quadrilaterals (screen corners) overlap, in px (0 if apart)."""
    depth = float("inf")
    for quad in (a, b):
        for i in range(4):
            (x1, y1), (x2, y2) = quad[i], quad[(i + 1) % 4]
            length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
            if length == 0:
                continue
            nx, ny = (y1 - y2) / length, (x2 - x1) / length
            pa, pb = [x * nx + y * ny for x, y in a], [x * nx + y * ny for x, y in b]
            depth = min(depth, min(max(pa), max(pb)) - max(min(pa), min(pb)))
    return max(depth, 0.0) if depth != float("inf") else 0.0


def outside(quad: list, box: list) -> float:
    """How far a quadrilateral reaches beyond a box (x, y, width, height), in px."""
    x, y, w, h = box
    return max(0.0, *(max(x - px, px - x - w, y - py, py - y - h) for px, py in quad))


def inside(point: tuple, box: list) -> bool:
    x, y, w, h = box
    return x <= point[0] <= x + w and y <= point[1] <= y + h


def shows(item: dict) -> bool:
    """Whether any of an item lies within the region Vega clips it to (a detail view's window)."""
    if item["view"] is None:
        return True
    xs, ys = zip(*item["quad"]) if "quad" in item else ((item["box"][0], item["box"][0] + item["box"][2]),
                                                        (item["box"][1], item["box"][1] + item["box"][3]))
    x, y, w, h = item["view"]
    return max(min(xs), x) <= min(max(xs), x + w) and max(min(ys), y) <= min(max(ys), y + h)


def words(text: dict) -> str:
    return " / ".join(text["lines"])


# --- the checks ----------------------------------------------------------------------------------

def chart_problems(chart: dict, report) -> None:
    """Every check on one rendered chart; ``report(kind, detail, count=1)`` records a problem."""
    width = max(chart["width"], chart["stillBox"][2] if chart["stillBox"] else 0)  # a still's padding too
    if width > chart["column"] + 1:
        report("wide", f"{width:.0f} px wide in a {chart['column']:.0f} px column")
    if chart["still"] and chart["shown"] < MIN_SCALE * chart["painted"] - 0.5:
        report("small", f"{chart['still']} shown {chart['shown']:.0f} px wide, {chart['shown'] / chart['painted']:.0%} "
                        f"of the {chart['painted']:.0f} px it was painted at")
    texts = [t for t in chart["texts"] if t["opacity"] > 0 and words(t).strip() and shows(t)]
    marks = [m for m in chart["marks"] if shows(m)]
    label_problems(texts, chart["frame"], report)
    try:
        contrast_problems(texts, marks, chart["stage"], report)
    except ValueError as err:  # a CSS filter the audit cannot model
        report("theme", str(err))


def label_problems(texts: list[dict], frame: list, report) -> None:
    """Cut texts, overlapping labels within an axis, legend or text mark, repeated tick labels."""
    for t in texts:
        if any(line.rstrip().endswith("…") for line in t["lines"]):
            report("cut", f"{t['role']}: {words(t)!r}")
        past = max(outside(t["quad"], frame), outside(t["quad"], t["view"] or frame))
        if past > OVERLAP_PX:
            report("cut", f"{t['role']}: {words(t)!r} runs {past:.0f} px past the edge of the chart or its clip")
    by_group: dict[str, list] = {}
    for t in texts:
        if t["key"]:
            by_group.setdefault(t["key"], []).append(t)
    for key, members in by_group.items():
        where = key.split(":", 1)[1]
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                depth = penetration(a["quad"], b["quad"])
                if depth > OVERLAP_PX:
                    report("overlap", f"{where}: {words(a)!r} × {words(b)!r} ({depth:.1f} px)")
        if members[0]["role"] == "axis-label":
            for a, b in zip(members, members[1:]):
                if a["lines"] == b["lines"]:
                    report("repeat", f"{where}: {words(a)!r} twice in a row")


#: The grey band over the period in which no source was written (belarusbook.figures.parts), by its paint.
BAND_RGB = tuple(int(GAP_FILL[i:i + 2], 16) for i in (1, 3, 5))


def is_band(mark: dict) -> bool:
    fill = rgba(mark["fill"]) or (0, 0, 0, 0)
    return ("mark-rect" in (mark["container"] or "") and tuple(round(c) for c in fill[:3]) == BAND_RGB
            and abs(mark["fillOpacity"] * mark["opacity"] - GAP_OPACITY) < 0.005)


def contrast_problems(texts: list[dict], marks: list[dict], stage: list[dict], report) -> None:
    """Texts below 4.5:1 (against the bar under a text mark's label, else the page) and marks
    below 3:1 against the page, each colour as it reaches the reader through ``stage`` (the
    backgrounds, filters and opacities of the elements the SVG is drawn in): one line per chart
    with the count and the worst."""
    bg = through(TRANSPARENT, stage)
    # A band shading a period (parts.no_source_band) is what lies behind the texts and marks over
    # it: they are read against it, and it is not rated as a mark of its own.
    bands = [m for m in marks if is_band(m)]
    marks = [m for m in marks if not is_band(m)]

    def behind(item: dict) -> tuple:
        centre = (item["box"][0] + item["box"][2] / 2, item["box"][1] + item["box"][3] / 2)
        below = TRANSPARENT
        for b in bands:
            if inside(centre, b["box"]):
                below = under(paint(b["fill"], b["fillOpacity"] * b["opacity"]) or TRANSPARENT, below)
        return below

    rects = [m for m in marks if "mark-rect" in (m["container"] or "")]
    rated_texts = []
    for t in texts:
        below = behind(t)
        if t["role"] == "mark":  # a label drawn on a bar is read against the bar
            centre = (t["box"][0] + t["box"][2] / 2, t["box"][1] + t["box"][3] / 2)
            for r in rects:
                if inside(centre, r["box"]):
                    below = under(paint(r["fill"], r["fillOpacity"] * r["opacity"]) or TRANSPARENT, below)
        colour = paint(t["fill"], t["fillOpacity"] * t["opacity"])
        rated_texts.append((contrast(through(under(colour, below), stage), through(below, stage)) if colour else 1.0, t))
    low = [(r, t) for r, t in rated_texts if r < TEXT_RATIO]
    if low:
        ratio, t = min(low, key=lambda p: p[0])
        report("text-contrast", f"{len(low)} of {len(texts)} texts below {TEXT_RATIO}:1 (worst {ratio:.2f}:1, "
                                f"{t['fill']} at {t['fillOpacity'] * t['opacity']:.2f}: {words(t)[:50]!r})", len(low))
    rated = [(r, m) for m in marks if (r := mark_ratio(m, stage, behind(m))) is not None]
    if not rated and not any(t["role"] == "mark" for t in texts):
        report("render", "no visible mark")
    low = [(r, m) for r, m in rated if r < MARK_RATIO]
    if low:
        ratio, m = min(low, key=lambda p: p[0])
        report("mark-contrast", f"{len(low)} of {len(rated)} marks below {MARK_RATIO}:1 against "
                                f"rgb{tuple(round(c) for c in bg)} (worst {ratio:.2f}:1, fill {m['fill']} at "
                                f"{m['fillOpacity'] * m['opacity']:.2f}, stroke {m['stroke']} {m['strokeWidth']}px "
                                f"at {m['strokeOpacity'] * m['opacity']:.2f}: {m['label'][:50]!r})", len(low))


def pixel_problems(pixels: dict, report) -> None:
    if pixels["page"] is not None and contrast(pixels["ground"], pixels["page"]) > GROUND_RATIO:
        report("pixels", f"the still's ground is rgb{tuple(pixels['ground'])} on a page of rgb{tuple(pixels['page'])} "
                         f"({contrast(pixels['ground'], pixels['page']):.2f}:1)")
    if pixels["ink"] < TEXT_RATIO:
        report("pixels", f"no pixel of the still reaches {TEXT_RATIO}:1 against its ground (best {pixels['ink']:.2f}:1)")
