"""The level editor: `EditorHome` (new, copy, My levels) and `EditorScreen` (one level)."""

from syncgame.ui.editor.home import EditorHome, open_editor
from syncgame.ui.editor.screen import EditorScreen

__all__ = ["EditorHome", "EditorScreen", "open_editor"]
