"""The help screen's content: key bindings and one paragraph a primitive (their words are the
table's `help.*` keys in `syncgame.texts`)."""

from __future__ import annotations

KEYS: tuple[tuple[str, str], ...] = (
    # (keys, the table's key of what they do; "" for a blank row)
    ("↑ ↓  Enter  Esc", "help.key.move_choose_go"),
    ("?  F1", "help.key.this_help"),
    ("L", "help.key.switch_language_english"),
    ("Ctrl+Q", "help.key.quit_from_anywhere"),
    ("", ""),
    ("Tab", "help.key.next_pane_code"),
    ("↑ ↓ / click", "help.key.move_the_line"),
    ("Shift+↑ ↓ / drag", "help.key.select_a_range"),
    ("Enter / P", "help.key.place_a_primitive"),
    ("T", "help.key.change_a_primitive"),
    ("H", "help.key.a_hint_again"),
    ("Z  Y  Ctrl+R", "help.key.undo_redo_reset"),
    ("", ""),
    ("Space", "help.key.run_the_program"),
    ("N", "help.key.one_step"),
    ("+ -", "help.key.speed_5_levels"),
    ("B", "help.key.show_me_the"),
    ("M", "help.key.scheduler_mode_you"),
    ("1-9  U", "help.key.scheduler_mode_move"),
    ("S", "help.key.submit_to_the"),
    ("X", "help.key.break_it_drive"),
    ("K  (help: T)", "help.key.skip_the_tutorial"),
    ("← →  Home End", "help.key.replay_a_counterexample"),
)

STATES: tuple[tuple[str, str], ...] = (
    # (glyph, the table's key)
    ("▶", "help.state.running"),
    ("○", "help.state.ready_to"),
    ("■", "help.state.inside_a"),
    ("◆", "help.state.waiting_for"),
    ("‖", "help.state.waiting_at"),
    ("z", "help.state.sleeping_virtual"),
    ("✓", "help.state.done"),
    ("✗", "help.state.crashed_with"),
)

GUTTER: tuple[tuple[str, str], ...] = (
    # (mark as drawn in a code pane, the table's key)
    (" 3 ▶", "help.gutter.line_3_the"),
    (" 3 0▶1▷", "help.gutter.a_thread_with"),
    (" 5   3▸", "help.gutter.copy_3_stands"),
    ("with lock: ✚", "help.gutter.a_line_you"),
    ("▌highlighted", "help.gutter.the_line_cursor"),
)
