"""Where a level comes from in the course notes, said in the player's language.

The notes are written in Chinese and their headings mix English names with Chinese words
("Event类"); in English the heading is translated, with the notes' own heading after it so
the player can find it in the notes."""

from __future__ import annotations

from syncgame.texts import STRINGS, tr


def section_name(section: str, lang: str) -> str:
    """The notes' heading in `lang`: English gets a translation and the heading itself."""
    key = f"notes.section.{section}"
    return tr(key, lang) if key in STRINGS else section


def notes_label(section: str, lang: str) -> str:
    """`From the notes: the Event class (Event类)` / `出自笔记：Event类`."""
    return tr("notes.from", lang, section=section_name(section, lang))
