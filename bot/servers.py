"""Starting and stopping the servers: Rasa's action server (our custom
actions), the Rasa server (NLU, dialogue, channels) and the chat page's static
file server, on localhost.

Used by `python -m bot serve|run` and by the end-to-end tests, so both run the
servers exactly the same way.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional

import requests
import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL = ROOT / "models" / "assistant.tar.gz"
WEB_DIR = ROOT / "web"
SOCKETIO_CHANNEL = "bot.channels.SocketIOWithOrigins"
RUN_DIR = ROOT / ".run"  # files written at start-up (not committed)
HOST = "127.0.0.1"


def store_config(database: Optional[Path] = None) -> dict:
    """endpoints.yml's `tracker_store`, with an SQLite file made absolute
    (`database`, else $TRACKER_DB, else the file's `db`) and its folder created."""
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text()) or {}
    store = dict(endpoints.get("tracker_store") or {})
    if store.get("dialect") == "sqlite":
        path = Path(database or os.environ.get("TRACKER_DB") or store["db"])
        path = path if path.is_absolute() else ROOT / path
        path.parent.mkdir(parents=True, exist_ok=True)
        store["db"] = str(path)
    return store


class ServerError(RuntimeError):
    """A server did not start."""


def quiet_env() -> dict:
    env = dict(os.environ)
    env.update(
        RASA_TELEMETRY_ENABLED="false",
        SANIC_HOST=HOST,  # the action server binds here (rasa_sdk reads it)
        TF_CPP_MIN_LOG_LEVEL="2",
        PYTHONUNBUFFERED="1",
    )
    return env


def rasa_command() -> str:
    """The `rasa` executable next to this interpreter (the project's venv)."""
    candidate = Path(sys.executable).parent / "rasa"
    return str(candidate) if candidate.exists() else "rasa"


def run_rasa(args: List[str], log: Path, cwd: Path = ROOT) -> float:
    """Runs a `rasa` command (train, test, init...) to the end, its output in
    `log`; returns the seconds it took, or raises ServerError with the log's end."""
    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with open(log, "w") as output:
        code = subprocess.call([rasa_command(), *args], cwd=cwd, env=quiet_env(), stdout=output,
                               stderr=subprocess.STDOUT)
    if code != 0:
        raise ServerError(f"rasa {' '.join(args[:2])} failed (exit {code}); see {log}:\n{log.read_text()[-1500:]}")
    return time.perf_counter() - started


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
    """A port nothing listens on now (for tests that start their own servers)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def exit_on_hangup() -> None:
    """SIGTERM and SIGHUP (a closed terminal) end the process like Ctrl-C, so
    the `finally` that stops the servers runs."""

    def interrupt(*_):
        raise KeyboardInterrupt

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, interrupt)


@dataclass
class Servers:
    rasa_port: int = 5005
    actions_port: int = 5055
    model: Path = DEFAULT_MODEL
    web_port: Optional[int] = 8080  # None: no chat page
    tracker_db: Optional[Path] = None  # the SQLite file; None: $TRACKER_DB, else endpoints.yml's
    host: str = HOST  # where the Rasa server and the chat page listen (the action server: always HOST)
    api_token: Optional[str] = None  # None: Rasa's HTTP API off; else on, and this token required
    log_dir: Optional[Path] = None  # None: the servers' output goes to this terminal
    processes: List[subprocess.Popen] = field(default_factory=list)  # running
    started: List[subprocess.Popen] = field(default_factory=list)  # ever started

    @property
    def _reachable_host(self) -> str:
        return HOST if self.host in ("0.0.0.0", "::", "") else self.host

    @property
    def url(self) -> str:
        return f"http://{self._reachable_host}:{self.rasa_port}"

    @property
    def actions_url(self) -> str:
        return f"http://{HOST}:{self.actions_port}"

    @property
    def page_url(self) -> str:
        page = f"http://localhost:{self.web_port}/"
        return page if self.rasa_port == 5005 else f"{page}?server=http://localhost:{self.rasa_port}"

    def _page_origins(self) -> List[str]:
        return [f"http://localhost:{self.web_port}", f"http://127.0.0.1:{self.web_port}"] if self.web_port else []

    def _credentials_file(self) -> Path:
        """credentials.yml with the chat page's own origin allowed on socket.io."""
        credentials = yaml.safe_load((ROOT / "credentials.yml").read_text())
        channel = credentials.get(SOCKETIO_CHANNEL) or {}
        origins = list(channel.get("allowed_origins") or [])
        channel["allowed_origins"] = origins + [o for o in self._page_origins() if o not in origins]
        return self._run_file("credentials", credentials)

    def _endpoints_file(self) -> Path:
        """endpoints.yml with the action server's URL set to this port and an
        SQLite tracker store's file made absolute."""
        endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text())
        endpoints["action_endpoint"]["url"] = f"{self.actions_url}/webhook"
        endpoints["tracker_store"] = store_config(self.tracker_db)
        return self._run_file("endpoints", endpoints)

    def _run_file(self, name: str, data: dict) -> Path:
        """Writes a start-up copy of a Rasa config file, one per Rasa port."""
        path = RUN_DIR / f"{name}-{self.rasa_port}.yml"
        RUN_DIR.mkdir(exist_ok=True)
        path.write_text(yaml.safe_dump(data))
        return path

    def _spawn(self, name: str, args: List[str]) -> None:
        if self.log_dir:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            # A restarted server (`start_actions`) adds to its log.
            restarted = any(p.name == name for p in self.started)  # type: ignore[attr-defined]
            output = open(self.log_dir / f"{name}.log", "a" if restarted else "w")
        else:
            output = None
        process = subprocess.Popen(
            args, cwd=ROOT, env=quiet_env(), stdout=output, stderr=subprocess.STDOUT if output else None,
            start_new_session=True,  # its own process group: stop() ends its children too
        )
        process.name = name  # type: ignore[attr-defined]
        self.processes.append(process)
        self.started.append(process)

    def start(self) -> None:
        if not self.model.exists():
            raise ServerError(f"no trained model at {self.model}: run `make train` first")
        if self.web_port and not (WEB_DIR / "vendor" / "socket.io.min.js").exists():
            raise ServerError("the chat page's socket.io client is missing: run `make web`")
        for port in (self.actions_port, self.rasa_port, self.web_port):
            if port is None:
                continue
            if not port_is_free(port):
                raise ServerError(
                    f"port {port} is already in use (another `make run` or `make serve`?); "
                    "stop it, or choose other ports: PORT=5006 ACTIONS_PORT=5056 WEB_PORT=8081 make run"
                )
        self.start_actions()
        api = ["--enable-api", "--auth-token", self.api_token] if self.api_token else []
        self._spawn(
            "rasa",
            [
                # Rasa's CLI with two speed fixes (bot/rasa_server.py).
                sys.executable, "-m", "bot.rasa_server", "run", "--interface", self.host, "--port", str(self.rasa_port),
                "--model", str(self.model), "--credentials", str(self._credentials_file()),
                "--endpoints", str(self._endpoints_file()), *api,
            ],
        )
        if self.web_port:
            page = [sys.executable, "-m", "http.server", str(self.web_port), "--bind", self.host, "--directory", str(WEB_DIR)]
            self._spawn("page", page)

    def start_actions(self) -> None:
        """The action server (also to bring it back after `stop_actions`).
        rasa_sdk's own entry point: `rasa run actions` would also import all
        of Rasa (TensorFlow included) into the action server."""
        self._spawn("actions", [sys.executable, "-m", "rasa_sdk", "--port", str(self.actions_port), "--actions", "actions"])

    def stop_actions(self) -> None:
        """Stops the action server alone (the other servers keep running)."""
        actions = [p for p in self.processes if p.name == "actions"]  # type: ignore[attr-defined]
        self._stop(actions)

    def wait_until_ready(self, timeout: float = 240, progress: bool = False) -> float:
        """Blocks until both servers answer; returns the seconds it took."""
        started = time.monotonic()
        checks = {"action server": f"{self.actions_url}/health", "Rasa server": f"{self.url}/"}
        if self.web_port:
            checks["chat page"] = f"http://{self._reachable_host}:{self.web_port}/"
        pending = dict(checks)
        while pending:
            for process in self.processes:
                if process.poll() is not None:
                    where = f" (see {self.log_dir / (process.name + '.log')})" if self.log_dir else ""
                    raise ServerError(f"the {process.name} server exited with code {process.returncode}{where}")
            for name, url in list(pending.items()):
                try:
                    if requests.get(url, timeout=2).ok:
                        del pending[name]
                        if progress:
                            print(f"\r\033[K  {name} ready after {time.monotonic() - started:.0f} s", flush=True)
                except requests.RequestException:
                    pass
            elapsed = time.monotonic() - started
            if pending and elapsed > timeout:
                self.stop()
                raise ServerError(f"{', '.join(pending)} not ready after {timeout:.0f} s")
            if pending:
                if progress:
                    print(f"\r\033[K  waiting for {', '.join(pending)}... {elapsed:.0f} s", end="", flush=True)
                time.sleep(1)
        return time.monotonic() - started

    def stop(self) -> None:
        # A second Ctrl-C while the servers shut down must not leave them running.
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            self._stop(list(self.processes))
        finally:
            signal.signal(signal.SIGINT, previous)

    def _stop(self, processes: List[subprocess.Popen]) -> None:
        for process in processes:
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            self.processes.remove(process)

    def __enter__(self) -> "Servers":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
