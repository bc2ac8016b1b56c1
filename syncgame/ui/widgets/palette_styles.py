"""Stage style keys -> Rich styles, from the app's current theme colours."""

from __future__ import annotations

from rich.color import Color as RichColor
from rich.style import Style
from textual.color import Color, ColorParseError


def stage_styles(variables: dict[str, str]) -> dict[str, Style]:
    def colour(name: str, fallback: str) -> RichColor:
        try:
            return Color.parse(variables.get(name, fallback)).rich_color
        except ColorParseError:
            return RichColor.parse(fallback)

    success = colour("success", "green")
    warning = colour("warning", "yellow")
    error = colour("error", "red")
    accent = colour("accent", "magenta")
    primary = colour("primary", "blue")
    secondary = colour("secondary", "blue")
    text = colour("foreground", "white")
    muted = colour("foreground-muted", "grey50")
    return {
        "": Style(),
        "thread.running": Style(color=success, bold=True),
        "thread.runnable": Style(color=text),
        "thread.critical": Style(color=accent, bold=True),
        "thread.blocked": Style(color=warning),
        "thread.barrier": Style(color=primary, bold=True),
        "thread.sleeping": Style(color=muted, italic=True),
        "thread.done": Style(color=success, dim=True),
        "thread.crashed": Style(color=error, bold=True),
        "thread.id": Style(color=text, bold=True),
        "obj": Style(color=primary),
        "obj.active": Style(color=accent, bold=True),
        "obj.name": Style(color=text, bold=True),
        "obj.held": Style(color=warning),
        "obj.free": Style(color=success),
        "obj.wait": Style(color=warning, italic=True),
        "obj.alert": Style(color=error, bold=True),
        "box": Style(color=muted),
        "var": Style(color=text),
        "var.flash": Style(color=accent, bold=True, reverse=True),
        "var.lost": Style(color=error, bold=True, reverse=True),
        "locals": Style(color=text, italic=True),
        "say": Style(color=text, italic=True, bgcolor=colour("panel", "grey23")),
        "banner": Style(color=error, bold=True, reverse=True),
        "banner.ok": Style(color=success, bold=True, reverse=True),
        "banner.info": Style(color=secondary, bold=True),
    }
