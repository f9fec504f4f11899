"""The actor colours: legible on the light and the dark page, and distinguishable by readers with
the common colour-vision deficiencies (simulated with Machado, Oliveira & Fernandes 2009)."""

from __future__ import annotations

import itertools
import re

import numpy as np

from belarusbook.figures.theme import ACTOR_EXTRA, ACTORS, DARK_PAGE, DARK_TEXT, LIGHT_PAGE, LIGHT_TEXT, OTHER, PRIMARY, THEMES
from colour import ratio as contrast

# Machado et al. (2009) matrices at severity 1.0, applied in linear RGB.
CVD = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]]),
}


def linear(hex_colour: str) -> np.ndarray:
    c = np.array([int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def lab(rgb: np.ndarray) -> np.ndarray:
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = m @ np.clip(rgb, 0, 1) / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), (24389 / 27 * xyz + 16) / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def test_the_pages_are_those_of_the_built_theme():
    """The dark page is sphinx-book-theme's dark --pst-color-background (it overrides
    pydata-sphinx-theme's #14181e), read from its stylesheet."""
    from pathlib import Path

    import sphinx_book_theme
    css = next(Path(sphinx_book_theme.__file__).parent.rglob("sphinx-book-theme.css")).read_text()
    dark = re.findall(r"html\[data-theme=dark\]\{[^}]*--pst-color-background:(#[0-9a-f]+)", css)
    assert dark == [DARK_PAGE] and LIGHT_PAGE == "#ffffff"


def test_chart_text_keeps_4_5_to_1_on_its_page():
    assert contrast(LIGHT_TEXT, LIGHT_PAGE) >= 4.5 and contrast(DARK_TEXT, DARK_PAGE) >= 4.5


def test_every_actor_colour_keeps_3_to_1_against_both_pages():
    for name, colour in {**ACTORS, **ACTOR_EXTRA, **THEMES, "other": OTHER, "primary": PRIMARY}.items():
        assert contrast(colour, LIGHT_PAGE) >= 3, (name, contrast(colour, LIGHT_PAGE))
        assert contrast(colour, DARK_PAGE) >= 3, (name, contrast(colour, DARK_PAGE))


def test_actor_colours_stay_apart_for_colour_blind_readers():
    """Minimum CIE76 distance between any two actor colours, normally and under each simulated
    deficiency. Hedged marks and labels carry meaning too, so colour is never the only channel;
    this guards against two actors collapsing into one colour."""
    for vision, matrix in [("normal", np.eye(3)), *CVD.items()]:
        seen = {n: lab(matrix @ linear(c)) for n, c in ACTORS.items()}
        closest = min((float(np.linalg.norm(seen[a] - seen[b])), a, b) for a, b in itertools.combinations(seen, 2))
        assert closest[0] >= 8, (vision, closest)


def test_one_colour_per_actor():
    assert len(set(ACTORS.values())) == len(ACTORS) == 8
    assert set(ACTORS) == {"EU", "UK", "US", "Canada", "Russia", "Belarusian authorities", "opposition", "civil society"}
