"""The break-it challenge's two lines on the play screen: the goal, and the switches used so far
(then whether the run that ended won)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from syncgame.play.breakit import BreakIt, Result
from syncgame.play.stars import stars_text

FAILURES = {
    "assertion": ("a false final goal", "最终目标不成立"),
    "invariant": ("a broken invariant", "不变式被破坏"),
    "deadlock": ("a deadlock", "死锁"),
    "exception": ("an exception", "异常"),
    "livelock": ("a livelock", "活锁"),
}


def failure_words(reason: str | None, lang: str) -> str:
    en, zh = FAILURES.get(reason or "", (reason or "?", reason or "?"))
    return zh if lang == "zh" else en


def goal_text(challenge: BreakIt, lang: str) -> Text:
    failure = failure_words(challenge.failure, lang)
    text = Text()
    if lang == "zh":
        text.append("破坏它：", style="bold magenta")
        text.append(
            f"亲手调度，最多切换 {challenge.limit} 次，让初始代码出现{failure}"
            f"（{challenge.fewest} 次得 ★★★）"
        )
    else:
        text.append("Break it: ", style="bold magenta")
        text.append(
            f"drive the start code into {failure} with at most {challenge.limit} switches "
            f"(★★★ at {challenge.fewest})"
        )
    return text


def progress_text(challenge: BreakIt, switches: int, result: Result | None, lang: str) -> Text:
    zh = lang == "zh"
    over = switches > challenge.limit
    text = Text()
    used = f"切换 {switches}/{challenge.limit}" if zh else f"switches {switches}/{challenge.limit}"
    text.append(used, style="bold red" if over else "bold")
    if result is None:
        if over:
            text.append(
                "  ·  超过上限了（U 撤销一步）" if zh else "  ·  over the limit (U undoes a step)",
                style="red",
            )
        else:
            text.append(
                "  ·  切换：上一个线程还能走时换别的线程走"
                if zh
                else "  ·  a switch: moving another thread while the last one could go on",
                style="dim",
            )
        return text
    text.append("  ·  ")
    again = "（U 撤销一步 · X 重来）" if zh else " (U undoes a step · X starts over)"
    if result.won:
        stars = stars_text(result.stars)
        text.append(
            f"成功破坏！切换 {switches} 次就出现了{failure_words(result.reason, lang)}：{stars}（已保存）"
            if zh
            else f"Broken! {failure_words(result.reason, lang).capitalize()} with {switches} "
            f"switch{'' if switches == 1 else 'es'}: {stars} (saved)",
            style="bold green",
        )
    elif result.why == "too_many":
        text.append(
            f"未成功：出现了{failure_words(result.reason, lang)}，但切换了 {switches} 次，"
            f"最多 {challenge.limit} 次" + again
            if zh
            else f"Not won: {failure_words(result.reason, lang)}, but with {switches} switches; "
            f"at most {challenge.limit} win" + again,
            style="bold yellow",
        )
    elif result.why == "other":
        wanted = failure_words(challenge.failure, lang)
        text.append(
            f"未成功：这是{failure_words(result.reason, lang)}，不是要求的{wanted}" + again
            if zh
            else f"Not won: that is {failure_words(result.reason, lang)}, not {wanted}" + again,
            style="bold yellow",
        )
    else:
        text.append(
            "未成功：这次运行满足了所有目标" + again
            if zh
            else "Not won: this run met every goal" + again,
            style="bold yellow",
        )
    return text


class ChallengeBar(Static):
    """Hidden until a challenge starts."""

    DEFAULT_CSS = """
    ChallengeBar {
        height: auto;
        max-height: 4;
        padding: 0 1;
        border-left: thick $accent;
        display: none;
    }
    ChallengeBar.-on {
        display: block;
    }
    """

    def show(
        self, challenge: BreakIt | None, switches: int, result: Result | None, lang: str
    ) -> None:
        self.set_class(challenge is not None, "-on")
        if challenge is None:
            self.update("")
            return
        text = goal_text(challenge, lang)
        text.append("\n")
        text.append_text(progress_text(challenge, switches, result, lang))
        self.update(text)
