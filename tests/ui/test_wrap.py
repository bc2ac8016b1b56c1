"""Wrapping by cell width: Chinese breaks between characters (not at the first space), with
its punctuation kept in place; English breaks at spaces as before."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.text import Text

from syncgame.ui.wrap import wrap_text


def rows(text, width):
    return [row.plain for row in wrap_text(text, width)]


def test_chinese_fills_each_row():
    text = "出自笔记的 Event 一节：wait(timeout) 最多等待 timeout 秒；超时返回 False。"
    assert rows(text, 20) == [
        "出自笔记的 Event 一",
        "节：wait(timeout) 最",
        "多等待 timeout 秒；",
        "超时返回 False。",
    ]


def test_closing_punctuation_never_starts_a_row():
    assert rows("一二三四五，六七", 10) == ["一二三四", "五，六七"]
    assert rows("一二三（四五）", 8) == ["一二三", "（四五）"]


def test_english_breaks_at_spaces_and_keeps_indents_and_no_break_spaces():
    assert rows("  indented text that wraps", 12) == ["  indented", "text that", "wraps"]
    assert rows("done by 2.5\xa0s today", 10) == ["done by", "2.5\xa0s", "today"]
    assert rows("supercalifragilistic", 8) == ["supercal", "ifragili", "stic"]


def test_styles_and_newlines_survive():
    text = Text("目标：")
    text.append("计数器最后是 6。", style="bold")
    text.append("\n第二行")
    wrapped = wrap_text(text, 8)
    assert [row.plain for row in wrapped] == ["目标：计", "数器最后", "是 6。", "第二行"]
    assert wrapped[1].spans and wrapped[1].spans[0].style == "bold"


@given(st.text(alphabet="ab 中文，。\xa0", max_size=60), st.integers(min_value=2, max_value=20))
def test_no_row_is_wider_than_asked_and_nothing_is_lost(text, width):
    wrapped = rows(text, width)
    assert all(cell_len(row) <= width for row in wrapped)
    squeezed = lambda s: "".join(s.split())  # noqa: E731 - spaces at breaks may go
    assert squeezed("".join(wrapped)) == squeezed(text)
