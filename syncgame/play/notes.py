"""Where a level comes from in the course notes, said in the player's language.

The notes are written in Chinese and their headings mix English names with Chinese words
("Event类"); in English the heading is translated, with the notes' own heading after it so
the player can find it in the notes."""

from __future__ import annotations

SECTIONS_EN = {
    "Event类": "the Event class",
    "Lock类": "the Lock class",
    "Condition类": "the Condition class",
    "BoundedSemaphore类": "the BoundedSemaphore class",
    "semaphore信号量": "Semaphore",
    "信号量和锁": "semaphores and locks",
    "可重入锁RLock": "RLock, the reentrant lock",
    "GIL（全局解释器锁）": "the GIL (global interpreter lock)",
    "Queue的容器大小不准确原因": "why a Queue's size is not exact",
}


def _has_cjk(text: str) -> bool:
    return any("\u3000" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef" for char in text)


def section_name(section: str, lang: str) -> str:
    """The notes' heading in `lang`: English gets a translation and the heading itself."""
    if lang == "zh" or not _has_cjk(section):
        return section
    english = SECTIONS_EN.get(section)
    return f"{english} ({section})" if english else section


def notes_label(section: str, lang: str) -> str:
    """`From the notes: the Event class (Event类)` / `出自笔记：Event类`."""
    if lang == "zh":
        return f"出自笔记：{section}"
    return f"From the notes: {section_name(section, lang)}"
