"""Colour as WCAG 2.x reads it, for every test that measures contrast: a computed CSS colour
parsed, composited (over, under), drawn through a CSS filter, and the contrast of two colours.
One home: the chart audit, the link and control states, the theme's palette, JupyterLab and the
evidence tooltip all measure with these."""

from __future__ import annotations

import re

#: WCAG 2.x: text at 4.5:1 (1.4.3), marks and other non-text at 3:1 (1.4.11).
TEXT_RATIO, MARK_RATIO = 4.5, 3.0


def rgba(css: str) -> tuple[float, float, float, float] | None:
    """A computed CSS colour as (r, g, b, alpha); None for none, url(...) and the like."""
    m = re.fullmatch(r"rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+))?\s*\)", (css or "").strip())
    if not m:
        return None
    return float(m[1]), float(m[2]), float(m[3]), 1.0 if m[4] is None else float(m[4])


def over(top: tuple, alpha: float, below: tuple) -> tuple[float, float, float]:
    """``top`` at ``alpha`` composited over the opaque colour ``below``."""
    return tuple(alpha * t + (1 - alpha) * b for t, b in zip(top[:3], below[:3]))


def luminance(rgb: tuple) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple, b: tuple) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


TRANSPARENT = (0.0, 0.0, 0.0, 0.0)
WHITE = (255.0, 255.0, 255.0)


def under(top: tuple, bottom: tuple) -> tuple[float, float, float, float]:
    """``top`` over ``bottom``, both (r, g, b, alpha) and either translucent (Porter-Duff over)."""
    alpha = top[3] + bottom[3] * (1 - top[3])
    if alpha <= 0:
        return TRANSPARENT
    mix = [(t * top[3] + b * bottom[3] * (1 - top[3])) / alpha for t, b in zip(top[:3], bottom[:3])]
    return (*mix, alpha)


FILTER = re.compile(r"([a-z-]+)\(([^)]*)\)")


def filtered(colour: tuple, css: str) -> tuple[float, float, float, float]:
    """A colour (r, g, b, alpha) as a computed CSS ``filter`` draws it (Filter Effects 1: the
    shorthand functions, on unpremultiplied sRGB, clamped after each). Raises ValueError for a
    function not modelled here, so that an unknown filter is reported, never ignored."""
    r, g, b, a = colour
    for name, arg in FILTER.findall(css or ""):
        arg = arg.strip()
        value = (float(arg.rstrip("%")) / (100 if arg.endswith("%") else 1)) if arg else 1.0
        if name == "brightness":
            r, g, b = (c * value for c in (r, g, b))
        elif name == "contrast":
            r, g, b = ((c / 255 - 0.5) * value * 255 + 127.5 for c in (r, g, b))
        elif name == "invert":
            r, g, b = (c + (255 - 2 * c) * value for c in (r, g, b))
        elif name == "opacity":
            a *= value
        elif name in ("grayscale", "saturate"):
            s = 1 - value if name == "grayscale" else value
            m = [[0.2126 + 0.7874 * s, 0.7152 - 0.7152 * s, 0.0722 - 0.0722 * s],
                 [0.2126 - 0.2126 * s, 0.7152 + 0.2848 * s, 0.0722 - 0.0722 * s],
                 [0.2126 - 0.2126 * s, 0.7152 - 0.7152 * s, 0.0722 + 0.9278 * s]]
            r, g, b = (row[0] * r + row[1] * g + row[2] * b for row in m)
        else:
            raise ValueError(f"the CSS filter {name}() is not modelled")
        r, g, b = (min(255.0, max(0.0, c)) for c in (r, g, b))
    return r, g, b, a


def through(colour: tuple, stage: list[dict]) -> tuple[float, float, float]:
    """The colour a reader sees for ``colour`` (r, g, b, alpha) painted inside the innermost
    element of ``stage``: composited over each element's background, then drawn through its
    filter and opacity, element by element out to the page's canvas (white)."""
    for layer in stage:
        colour = under(colour, rgba(layer["bg"]) or TRANSPARENT)
        colour = filtered(colour, "" if layer["filter"] == "none" else layer["filter"])
        colour = (*colour[:3], colour[3] * layer["opacity"])
    return over(colour, colour[3], WHITE)


def paint(css: str, alpha: float) -> tuple | None:
    """A computed paint at ``alpha`` as (r, g, b, alpha); None if it paints nothing."""
    parsed = rgba(css)
    if parsed is None or parsed[3] * alpha <= 0:
        return None
    return (*parsed[:3], parsed[3] * alpha)


def parse(css: str) -> tuple[float, float, float, float]:
    """A colour written as ``#rrggbb`` or as a computed ``rgb()``/``rgba()``, as (r, g, b, alpha)."""
    if re.fullmatch(r"#[0-9a-fA-F]{6}", css.strip()):
        return (*(float(int(css.strip()[i:i + 2], 16)) for i in (1, 3, 5)), 1.0)
    parsed = rgba(css)
    if parsed is None:
        raise ValueError(f"not a colour: {css!r}")
    return parsed


def ratio(foreground: str, background: str) -> float:
    """The contrast of ``foreground`` (translucent or not) drawn over the opaque ``background``."""
    top, ground = parse(foreground), parse(background)
    return contrast(over(top, top[3], ground), ground)

