"""Colour-blind variants of Textual's themes: the signal colours from Okabe & Ito's palette."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.theme import Theme

# Okabe & Ito's palette, told apart with every common colour vision deficiency.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky-blue": "#56B4E9",
    "bluish-green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish-purple": "#CC79A7",
}
COLOUR_BLIND_SUFFIX = "-colour-blind"


def colour_blind_theme(base: Theme) -> Theme:
    """`base` with its signal colours (success, warning, error, accent) from Okabe–Ito: ok is
    blue, trouble is vermillion, waiting is yellow/orange, never red against green."""
    dark = base.dark
    return dataclasses.replace(
        base,
        name=base.name + COLOUR_BLIND_SUFFIX,
        success=OKABE_ITO["sky-blue"] if dark else OKABE_ITO["blue"],
        error=OKABE_ITO["vermillion"],
        warning=OKABE_ITO["yellow"] if dark else OKABE_ITO["orange"],
        accent=OKABE_ITO["reddish-purple"],
    )
