"""Starting and stopping the servers as `make serve` does: every signal that
ends `serve` stops every server, and the Rasa server says its speed fixes are
on (a busy port: tests/unit/test_supervisor.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from bot.paths import DEFAULT_MODEL, ROOT
from bot.running.processes import free_port, port_is_free


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_serve_stops_every_server_on_a_signal(sig, tmp_path):
    if not DEFAULT_MODEL.exists():
        pytest.fail(
            f"no trained model at {DEFAULT_MODEL}: run `make train` (make test does it)"
        )
    ports = rasa_port, actions_port, web_port = free_port(), free_port(), free_port()
    serve = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bot",
            "serve",
            "--port",
            str(rasa_port),
            "--actions-port",
            str(actions_port),
            "--web-port",
            str(web_port),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "TRACKER_DB": str(tmp_path / "conversations.db")},
        # As from a terminal: a shell's background job (a CI script run with `&`)
        # hands down SIGINT ignored, and then Ctrl-C would mean nothing.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        deadline = time.monotonic() + 240
        while (
            "Ready." not in (serve.stdout.readline() or "")
            and time.monotonic() < deadline
        ):
            assert serve.poll() is None, "serve exited before the servers were ready"
        assert not any(map(port_is_free, ports))
        serve.send_signal(sig)
        assert serve.wait(timeout=60) == 0
        assert all(map(port_is_free, ports)), "a server outlived `serve`"
    finally:
        if serve.poll() is None:
            serve.kill()


def test_the_rasa_server_runs_with_the_speed_fixes_and_says_so(running):
    log = (running.log_dir / "rasa.log").read_text(errors="replace")
    assert "bot.rasa_server: speed fixes on" in log
