"""The typed core: mypy passes on the packages `[tool.mypy]` in pyproject.toml names.

The runtime's and the judge's contracts (outcomes, trace events, verdicts, the search's
configuration) are types; this keeps every producer and reader of them honest.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _mypy_config() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["tool"]["mypy"]


def test_the_type_checker_covers_the_core_strictly():
    """The checked packages are the core's, and their functions must all be annotated."""
    config = _mypy_config()
    assert {"syncgame/primitives", "syncgame/runtime", "syncgame/judge"} <= set(config["files"])
    strict = [o for o in config["overrides"] if o.get("disallow_untyped_defs")]
    modules = {m for o in strict for m in o["module"]}
    assert {"syncgame.primitives.*", "syncgame.runtime.*", "syncgame.judge.*"} <= modules
    assert not any(o.get("ignore_errors") for o in config["overrides"])


@pytest.mark.skipif(
    importlib.util.find_spec("mypy") is None,
    reason="mypy is not installed (it comes with the test extras: pip install '.[test]')",
)
def test_the_core_passes_the_type_checker(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=100,
    )
    assert result.returncode == 0, result.stdout + result.stderr
