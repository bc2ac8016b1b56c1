"""Browser play: `syncgame serve` on a loopback port, the page loaded in headless Chromium, and
the title screen must reach the page.

The page draws the terminal on a canvas (xterm.js), so its DOM never holds the screen's text:
Chromium is driven through its DevTools protocol instead, with a script added before the page's
own that keeps a copy of what the game sends over the page's WebSocket. The test reads that
copy and takes a screenshot. Chromium resolves no host name but localhost, so the page's web
font request never leaves the machine.

Needs Debian's `chromium` (`.ci/run` installs it when missing); skipped, saying so, where it is
not installed.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from syncgame.commands.serve import play_command

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ROOT = Path(__file__).resolve().parent.parent
SCREENSHOT = os.environ.get("SYNCGAME_SERVE_SCREENSHOT")
"""Set to a path to keep the screenshot of the page (to look at it)."""

needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed: `apt-get install -y chromium` (Debian) to run the "
    "browser test; .ci/run installs it",
)

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost",
    "--window-size=1280,800",
    "--remote-debugging-port=0",
]

RECORD_SOCKET = """
(() => {
  const RealSocket = window.WebSocket;
  const decoder = new TextDecoder();
  window.__gameOutput = "";
  window.WebSocket = class extends RealSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (typeof event.data !== "string") {
          window.__gameOutput += decoder.decode(event.data, {stream: true});
        }
      });
    }
  };
})();
"""

TITLE_SCREEN = ("Threads are people. Fix their program.", "Play", "Continue", "Quit")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"syncgame serve exited with status {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise AssertionError(f"syncgame serve did not listen on port {port} in {seconds} s")


def stop(process: subprocess.Popen) -> None:
    """End a process this test started and its children (its own process group)."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


class DevTools:
    """The smallest client of Chromium's DevTools protocol: send a command, get its result."""

    def __init__(self, socket_) -> None:
        self.socket = socket_
        self.next_id = 0

    async def call(self, method: str, **params) -> dict:
        self.next_id += 1
        ident = self.next_id
        await self.socket.send_json({"id": ident, "method": method, "params": params})
        while True:
            message = await self.socket.receive_json(timeout=20)
            if message.get("id") == ident:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                return message.get("result", {})


async def load_page(devtools_port: int, url: str, seconds: float) -> tuple[str, bytes]:
    """Open `url`; wait until every title screen text arrived; (game output, screenshot)."""
    import aiohttp

    async with aiohttp.ClientSession() as session:
        async with session.get(f"http://127.0.0.1:{devtools_port}/json/list") as response:
            targets = await response.json()
        page = next(target for target in targets if target["type"] == "page")
        async with session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
            tools = DevTools(ws)
            await tools.call("Page.enable")
            await tools.call("Page.addScriptToEvaluateOnNewDocument", source=RECORD_SOCKET)
            await tools.call("Page.navigate", url=url)
            output = ""
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                result = await tools.call(
                    "Runtime.evaluate", expression="window.__gameOutput || ''"
                )
                output = result["result"].get("value", "")
                if all(text in output for text in TITLE_SCREEN):
                    await asyncio.sleep(0.5)  # let xterm.js paint what arrived
                    break
                await asyncio.sleep(0.2)
            shot = await tools.call("Page.captureScreenshot", format="png")
            return output, base64.b64decode(shot["data"])


@needs_chromium
def test_the_title_screen_appears_in_a_browser(tmp_path):
    env = {
        **os.environ,
        "SYNCGAME_DATA_DIR": str(tmp_path / "data"),
        "SYNCGAME_LANG": "en",
        "TEXTUAL_ANIMATIONS": "none",
    }
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as log_file:
        server = subprocess.Popen(
            [sys.executable, "-m", "syncgame", "serve", "--port", str(port)],
            stdout=log_file,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
    browser = None
    try:
        wait_for_port(port, server, 20)
        profile = tmp_path / "profile"
        browser = subprocess.Popen(
            [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        active = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (active.exists() and active.read_text().strip()):
            assert browser.poll() is None, "chromium exited at start"
            assert time.monotonic() < deadline, "chromium opened no DevTools port"
            time.sleep(0.05)
        devtools_port = int(active.read_text().split()[0])
        output, png = asyncio.run(load_page(devtools_port, f"http://localhost:{port}/", 30))
    finally:
        if browser is not None:
            stop(browser)
        stop(server)
    if SCREENSHOT:
        Path(SCREENSHOT).write_bytes(png)
    missing = [text for text in TITLE_SCREEN if text not in output]
    assert not missing, (
        f"the page never showed {missing}; it received {len(output)} characters; "
        f"server said: {log.read_text(errors='replace')[-2000:]}"
    )
    assert png.startswith(b"\x89PNG") and len(png) > 10_000  # a painted page, not a blank one


def test_each_tab_runs_this_python_and_this_syncgame():
    command = play_command()
    assert command.endswith("-m syncgame play") and sys.executable in command


def test_serve_refuses_a_bad_port(capsys):
    from syncgame.commands.cli import main

    assert main(["serve", "--port", "70000"]) == 2
    assert "--port must be from 1 to 65535" in capsys.readouterr().err


def test_serve_reports_a_port_in_use(capsys):
    from syncgame.commands.cli import main

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 1
    assert f"cannot listen on http://localhost:{port}" in capsys.readouterr().err


def test_the_served_page_is_the_textual_terminal(tmp_path):
    """Without a browser: the page at / carries the game's WebSocket and title."""
    import urllib.request

    port = free_port()
    env = {**os.environ, "SYNCGAME_DATA_DIR": str(tmp_path / "data")}
    server = subprocess.Popen(
        [sys.executable, "-m", "syncgame", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    try:
        wait_for_port(port, server, 20)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
            page = response.read().decode()
    finally:
        stop(server)
    assert f"ws://localhost:{port}/ws" in page and "syncgame" in page
