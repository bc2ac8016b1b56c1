"""The game app opened on the editor (`syncgame edit`): leaving the editor shows the title."""

from __future__ import annotations

from pathlib import Path

from syncgame.level.writer import LevelDocument
from syncgame.ui import app as app_module
from syncgame.ui.app import SyncGameApp


class EditorApp(SyncGameApp):
    CSS_PATH = str(Path(app_module.__file__).with_name(SyncGameApp.CSS_PATH))

    def __init__(self, document: LevelDocument | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.edit_document = document

    def on_ready(self) -> None:
        from syncgame.ui.editor import EditorHome, EditorScreen

        if self.edit_document is not None:
            self.push_screen(EditorScreen(self.edit_document))
        else:
            self.push_screen(EditorHome())


def run_editor(document: LevelDocument | None = None) -> int:
    app = EditorApp(document)
    app.run()
    return app.return_code or 0
