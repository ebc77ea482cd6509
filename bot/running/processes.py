"""Processes and ports on this machine: the environment every server and
`rasa` command gets, running a `rasa` command to the end, free ports, and
waiting for servers to answer. Used by the supervisor and by the measurement
tools, which start Rasa processes of their own."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import requests

from bot.paths import ROOT

HOST = "127.0.0.1"  # where servers listen unless told otherwise
LOG_LINES_SHOWN = 8  # of a server that stopped while starting
COMMAND_LOG_LINES_SHOWN = 20  # of a `rasa` command that failed


class ServerError(RuntimeError):
    """A server or a `rasa` command did not start or did not finish."""


def quiet_env() -> dict:
    """This environment, with telemetry off, unbuffered output, and the
    action server bound to `HOST` (rasa_sdk reads SANIC_HOST)."""
    env = dict(os.environ)
    env.update(
        RASA_TELEMETRY_ENABLED="false",
        SANIC_HOST=HOST,
        TF_CPP_MIN_LOG_LEVEL="2",
        PYTHONUNBUFFERED="1",
    )
    return env


def rasa_command() -> str:
    """The `rasa` executable next to this interpreter (the project's venv)."""
    candidate = Path(sys.executable).parent / "rasa"
    return str(candidate) if candidate.exists() else "rasa"


def run_rasa(args: list[str], log: Path, cwd: Path = ROOT) -> float:
    """Runs a `rasa` command (train, test, init...) to the end, its output in
    `log`; returns the seconds it took, or raises ServerError with the log's end."""
    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with open(log, "w") as output:
        code = subprocess.call(
            [rasa_command(), *args],
            cwd=cwd,
            env=quiet_env(),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    if code != 0:
        tail = "".join(f"\n{line}" for line in last_lines(log, COMMAND_LOG_LINES_SHOWN))
        raise ServerError(
            f"rasa {' '.join(args[:2])} failed (exit {code}); see {log}:{tail}"
        )
    return time.perf_counter() - started


def last_lines(log: Path, count: int) -> list[str]:
    """The last `count` lines of a log file (none if it cannot be read)."""
    try:
        return log.read_text(errors="replace").strip().splitlines()[-count:]
    except OSError:
        return []


def port_is_free(port: int) -> bool:
    """Nothing listens on the port (closed connections lingering in TIME_WAIT
    do not count: the servers set SO_REUSEADDR too)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def free_port() -> int:
    """A port nothing listens on now (for servers started on the side)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def exited(process: subprocess.Popen, log_dir: Path | None) -> ServerError:
    """The error for a server that stopped while starting, with the last
    lines of its log (`log_dir`/NAME.log), where the reason usually is."""
    name = getattr(process, "name", "server")
    message = f"the {name} server exited with code {process.returncode}"
    if log_dir is None:
        return ServerError(message)
    log = log_dir / f"{name}.log"
    last = last_lines(log, LOG_LINES_SHOWN)
    shown = "".join(f"\n    {line}" for line in last)
    return ServerError(
        f"{message} (see {log})" + (f"; its last lines:{shown}" if last else "")
    )


def wait_until_answering(
    checks: dict[str, str],
    processes: Sequence[subprocess.Popen],
    timeout: float = 240,
    poll_seconds: float = 1.0,
    progress: bool = False,
    log_dir: Path | None = None,
) -> float:
    """Blocks until a GET of every URL in `checks` (name -> URL) succeeds;
    returns the seconds it took. Raises ServerError if one of `processes`
    exits first (with the end of its log in `log_dir`) or the time runs out."""
    started = time.monotonic()
    pending = dict(checks)
    while pending:
        for process in processes:
            if process.poll() is not None:
                raise exited(process, log_dir)
        for name, url in list(pending.items()):
            try:
                if requests.get(url, timeout=2).ok:
                    del pending[name]
                    if progress:
                        print(
                            f"\r\033[K  {name} ready after "
                            f"{time.monotonic() - started:.0f} s",
                            flush=True,
                        )
            except requests.RequestException:
                pass
        elapsed = time.monotonic() - started
        if pending and elapsed > timeout:
            raise ServerError(f"{', '.join(pending)} not ready after {timeout:.0f} s")
        if pending:
            if progress:
                print(
                    f"\r\033[K  waiting for {', '.join(pending)}... {elapsed:.0f} s",
                    end="",
                    flush=True,
                )
            time.sleep(poll_seconds)
    return time.monotonic() - started
