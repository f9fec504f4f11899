"""Every chart painted at build time as a static SVG (a "still"), so that a page shows its figures
without running the 880 KB chart library, which a phone would otherwise parse before it answers a
tap (the reading-aids issue, item 5). The library is fetched only when a reader reaches for a
chart (hover, focus or tap: the loader in pages.py), and static/embed.js then draws that chart
live in place of its still.

Six stills per chart, drawn by vl-convert from the spec embedded in the page (the one the live
chart draws), in the layouts and colours the live chart takes:

* ``wide`` at the column width of a 1300 px window, ``mid`` (the same layout) at the width of a
  small tablet's column, and ``narrow`` (the phone layout of ``usermeta.narrow``, as
  static/embed.js applies it) at the column width of a 390 px phone. The page's stylesheet
  (static/charts.css) shows, by the width of the chart's column, the one drawn for it: narrow
  below ``theme.NARROW`` (560 px, where the live chart takes its phone layout), mid below
  ``MID_BELOW``, wide above; each scales to its column (``width: 100%``), which keeps every
  still at 90% or more of the width it was painted at across the column's 312–880 px (windows
  of 360–1920 px): narrow 91–164%, mid 93–103%, wide 90–128%. Two stills with the same SVG (a
  chart of fixed width) are one file, one ``<img>`` with both layouts' classes;
* ``light`` and ``dark``: the dark one takes ``theme.dark_config()``, and the stylesheet shows the
  one matching the page's theme (print takes the light one).

Each layout and mode is a patch of the spec (``patched``): the phone layout's, which the chart
kinds make (``usermeta.narrow``), and dark mode's, which ``with_dark`` adds to the spec file. The
stills are painted from the patched spec, and static/embed.js draws a live chart with the same
patches, so the two cannot drift apart in what they draw.

The stills are files under ``_static/figures/`` loaded lazily, so a page's own bytes do not grow
and a hidden still is never fetched. The spec leaves the page too, for ``<figure>.json`` beside
them, which static/embed.js fetches when it draws the chart live: a phone then downloads and
parses half the HTML before its first paint.

A still's text is laid out once, here, but drawn in the reader's own ``system-ui`` font, whose
widths vary (Roboto, San Francisco, Segoe UI, Noto Sans). So vl-convert lays it out in DejaVu Sans,
wider than each of them, and the SVG then names the book's font stack: a label may have a little
more room than it needs, never less (tests/svg_audit.py measures the stills as shown).
"""

from __future__ import annotations

import copy
import functools
import html
import re
from pathlib import Path

import vl_convert as vlc

from ..figures.render import fixed_width, page_json
from ..figures.theme import COLUMN, FONT, dark_config
from .assets import SPEC, chart_specs, for_the_website, write_if_changed

#: The stills are painted at the column widths (theme.COLUMN: 688 px in a 1300 px window, 342 px in
#: a 390 px phone; the column is 312–880 px across 360–1920 px windows and the stills scale to it),
#: and at the mid still's width, shown in columns from theme.NARROW (560) to MID_BELOW
#: (static/charts.css).
WIDE, MID, NARROW = COLUMN[False], 600, COLUMN[True]
MID_BELOW = 620
LAYOUTS = {"wide": WIDE, "mid": MID, "narrow": NARROW}
MODES = ("light", "dark")
#: The chart's placeholder as render.mimebundle writes it.
PLACEHOLDER = re.compile(r'<div class="bb-chart" id="(?P<figure>[^"]+)-chart" style="min-height:\d+px"></div>')
SIZE = re.compile(r'<svg[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"')
#: The font the stills are laid out in (Debian: fonts-dejavu-core), and its test label.
LAYOUT_FONT = "DejaVu Sans"
FONT_PROBE = "Alyaksandr Lukashenka, 1994 second round"
#: What the chart's group says to assistive technology; its still's alt text is the description.
GROUP_LABEL = "Chart. Hover over, focus or tap it to explore the data."


def merge(base: dict, extra: dict) -> dict:
    """``extra`` merged into ``base``, dictionaries key by key."""
    out = dict(base)
    for key, value in extra.items():
        out[key] = merge(base[key], value) if isinstance(value, dict) and isinstance(base.get(key), dict) else value
    return out


def with_dark(spec: dict) -> dict:
    """The spec as the website carries it: with dark mode as a patch beside the phone layout's,
    ``usermeta.dark.patch``, its config merged with ``theme.dark_config()`` here, once."""
    usermeta = {**spec.get("usermeta", {}), "dark": {"patch": {"config": merge(spec.get("config") or {}, dark_config())}}}
    return {**spec, "usermeta": usermeta}


def patched(spec: dict, layout: str, mode: str) -> dict:
    """The spec as a reader sees it drawn in ``layout`` and ``mode``: the phone layout's patch
    (``usermeta.narrow``, for the narrow layout), then dark mode's (``usermeta.dark``); a patch
    replaces the spec's top-level keys, and None removes one. The stills are painted from this,
    and static/embed.js applies the same patches to draw a chart live (it chooses the layout by its
    column's width); tests/test_browser.py holds the two in step."""
    drawn = copy.deepcopy(spec)
    for wanted, name in ((layout == "narrow", "narrow"), (mode == "dark", "dark")):
        patch = (spec.get("usermeta") or {}).get(name)
        if wanted and patch:
            for key, value in patch["patch"].items():
                if value is None:
                    drawn.pop(key, None)
                else:
                    drawn[key] = copy.deepcopy(value)
    return drawn


def still_spec(spec: dict, layout: str, mode: str) -> dict:
    """What vl-convert paints for a still: the spec as drawn in this layout and mode, laid out in
    the layout font at the layout's width (``spec`` as the website carries it: ``with_dark``)."""
    drawn = patched(spec, layout, mode)
    drawn["config"] = {**(drawn.get("config") or {}), "font": LAYOUT_FONT}
    return fixed_width(drawn, LAYOUTS[layout], views=LAYOUTS[layout])


def file_name(figure: str, layout: str, mode: str) -> str:
    return f"{figure}-{layout}-{mode}.svg"


def _label_room(font: str) -> str:
    """Where vl-convert puts a bar chart's plot after one long label in ``font``."""
    svg = vlc.vegalite_to_svg({
        "data": {"values": [{"a": FONT_PROBE, "b": 1}]}, "mark": "bar", "config": {"font": font, "axis": {"labelLimit": 0}},
        "encoding": {"y": {"field": "a", "type": "nominal", "title": None}, "x": {"field": "b", "type": "quantitative"}}})
    return re.search(r'translate\(([\d.]+),', svg).group(1)


@functools.cache
def check_layout_font() -> None:
    """Fail with a clear message if vl-convert cannot find the layout font (it would silently
    measure with a fallback)."""
    if _label_room(LAYOUT_FONT) == _label_room("No Such Font, Belarusbook"):
        raise RuntimeError(f"vl-convert cannot find the font {LAYOUT_FONT!r}, which the charts' stills are laid out "
                           "in: install it (Debian: apt-get install fonts-dejavu-core)")


def paint(spec: dict, directory: Path) -> dict[tuple[tuple[str, ...], str], tuple[int, int]]:
    """Write the stills of one chart (a file only if its bytes changed); return each one's size
    in pixels, by (layouts, mode): ``layouts`` are those it serves, in LAYOUTS order, more than
    one where their SVGs are the same (the file is named after the first)."""
    check_layout_font()
    sizes = {}
    shown_font = f'font-family="{html.escape(FONT, quote=True)}"'
    for mode in MODES:
        painted: dict[str, list[str]] = {}
        for layout in LAYOUTS:
            svg = vlc.vegalite_to_svg(still_spec(spec, layout, mode)).replace(f'font-family="{LAYOUT_FONT}"', shown_font)
            painted.setdefault(svg, []).append(layout)
        for svg, layouts in painted.items():
            match = SIZE.search(svg)
            if match is None:
                raise ValueError(f"{spec['usermeta']['figure']}: vl-convert's SVG has no width and height")
            sizes[tuple(layouts), mode] = (round(float(match.group(1))), round(float(match.group(2))))
            write_if_changed(directory / file_name(spec["usermeta"]["figure"], layouts[0], mode), svg)
    return sizes


def still_html(figure: str, description: str, sizes: dict, pathto) -> str:
    """The placeholder with its stills: a focusable group, so that a keyboard reaches the chart.
    A still drawn at its layout's width fills the column, as the live chart does ("container");
    one of a fixed width keeps it."""
    images = "".join(
        f'<img class="{" ".join("bb-" + layout for layout in layouts)} bb-{mode}{" bb-fill" * (width == LAYOUTS[layouts[0]])}" '
        f'src="{pathto("_static/figures/" + file_name(figure, layouts[0], mode), 1)}" '
        f'width="{width}" height="{height}" alt="{html.escape(description, quote=True)}" loading="lazy" decoding="async">'
        for (layouts, mode), (width, height) in sizes.items())
    spec = pathto(f"_static/figures/{figure}.json", 1)
    return (f'<div class="bb-chart" id="{html.escape(figure)}-chart" data-spec="{spec}" tabindex="0" role="group" '
            f'aria-label="{GROUP_LABEL}"><div class="bb-static">{images}</div></div>')


def add_stills(app, pagename, templatename, context, doctree) -> None:
    """Paint the stills of the page's charts and put them in their placeholders, and move each
    spec into its file (website only: the e-book and the PDF carry the renderer's own static
    images). Runs after the figure tips and og:image (previews, social) have read the specs."""
    body = context.get("body", "")
    if for_the_website(app) and 'class="bb-chart"' in body:
        try:
            context["body"] = web_body(body, Path(app.outdir, "_static", "figures"), context["pathto"])
        except ValueError as err:
            raise ValueError(f"{pagename}: {err}") from err


def web_body(body: str, directory: Path, pathto) -> str:
    """A page body with its charts' stills in their placeholders and its specs moved into
    ``directory`` (``pathto(name, 1)`` links a file under the output's root)."""
    specs = {spec["usermeta"]["figure"]: with_dark(spec) for spec in chart_specs(body)}

    def fill(match: re.Match) -> str:
        spec = specs[match.group("figure")]
        sizes = paint(spec, directory)
        return still_html(match.group("figure"), spec.get("description", ""), sizes, pathto)

    filled, count = PLACEHOLDER.subn(fill, body)
    if count != len(specs):
        raise ValueError(f"{len(specs)} chart specs but {count} chart placeholders")
    for figure, spec in specs.items():
        write_if_changed(directory / f"{figure}.json", page_json(spec))
    return SPEC.sub("", filled)
