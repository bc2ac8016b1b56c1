"""The footer's key labels in the player's language.

Textual's footer shows each binding's `description`, written in English in the BINDINGS
lists; this swaps in the Chinese words when the language is Chinese (and back), for a screen
and every widget on it, without touching the BINDINGS themselves."""

from __future__ import annotations

import dataclasses

from textual.dom import DOMNode

from syncgame.texts import STRINGS, tr

_ENGLISH = "_syncgame_english_bindings"


def relabel_bindings(node: DOMNode, lang: str) -> None:
    """Set the descriptions of `node`'s own bindings to `lang`."""
    english = getattr(node, _ENGLISH, None)
    if english is None:
        english = dict(node._bindings.key_to_bindings)
        setattr(node, _ENGLISH, english)
    for key, bindings in english.items():
        node._bindings.key_to_bindings[key] = [  # a new list: copies of a map share lists
            _in(binding, lang) for binding in bindings
        ]


def _in(binding, lang: str):
    key = f"footer.{binding.description}"
    if key not in STRINGS or tr(key, lang) == binding.description:
        return binding
    return dataclasses.replace(binding, description=tr(key, lang))


def relabel_screen(screen, lang: str) -> None:
    """The screen's bindings and those of every widget on it; then the footer redraws."""
    for node in (screen, *screen.query("*")):
        relabel_bindings(node, lang)
    screen.refresh_bindings()
