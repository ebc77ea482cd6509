"""Starting and stopping the servers: Rasa's action server (our custom
actions), the Rasa server (NLU, dialogue, channels) and the chat page's static
file server.

Used by `python -m bot serve|run`, by the measurement tools and by the
integration tests, so all of them run the servers exactly the same way.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.paths import DEFAULT_MODEL, ROOT, RUN_DIR, WEB_DIR
from bot.running.processes import (
    HOST,
    ServerError,
    free_port,
    port_is_free,
    quiet_env,
    wait_until_answering,
)
from bot.running.rasa_config import SOCKETIO_CHANNEL, read_yaml, store_config


def exit_on_hangup() -> None:
    """SIGTERM and SIGHUP (a closed terminal) end the process like Ctrl-C, so
    the `finally` that stops the servers runs."""

    def interrupt(*_):
        raise KeyboardInterrupt

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, interrupt)


@dataclass
class Servers:
    """The three servers of one assistant.

    - `web_port`: the chat page's; None for no chat page.
    - `tracker_db`: the SQLite file; None: $TRACKER_DB, else endpoints.yml's.
    - `host`: where the Rasa server and the chat page listen (the action
      server always listens on HOST).
    - `api_token`: None keeps Rasa's HTTP API off; a token turns it on and
      is required on every request.
    - `log_dir`: None sends the servers' output to this terminal.
    """

    rasa_port: int = 5005
    actions_port: int = 5055
    model: Path = DEFAULT_MODEL
    web_port: int | None = 8080
    tracker_db: Path | None = None
    host: str = HOST
    api_token: str | None = None
    log_dir: Path | None = None
    processes: list[subprocess.Popen] = field(default_factory=list)  # running
    started: list[subprocess.Popen] = field(default_factory=list)  # ever started

    @classmethod
    def in_folder(cls, folder: Path, with_page: bool = False, **options) -> Servers:
        """Servers on free ports that keep their conversations (SQLite) and
        logs in `folder`: what the tools and tests start on the side."""
        return cls(
            rasa_port=free_port(),
            actions_port=free_port(),
            web_port=free_port() if with_page else None,
            tracker_db=folder / "conversations.db",
            log_dir=folder / "logs",
            **options,
        )

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
        return (
            page
            if self.rasa_port == 5005
            else f"{page}?server=http://localhost:{self.rasa_port}"
        )

    def _page_origins(self) -> list[str]:
        return (
            [f"http://localhost:{self.web_port}", f"http://127.0.0.1:{self.web_port}"]
            if self.web_port
            else []
        )

    def _credentials_file(self) -> Path:
        """credentials.yml with the chat page's own origin allowed on socket.io."""
        credentials = read_yaml("credentials.yml")
        channel = credentials.get(SOCKETIO_CHANNEL) or {}
        origins = list(channel.get("allowed_origins") or [])
        channel["allowed_origins"] = origins + [
            o for o in self._page_origins() if o not in origins
        ]
        return self._run_file("credentials", credentials)

    def _endpoints_file(self) -> Path:
        """endpoints.yml with the action server's URL set to this port and an
        SQLite tracker store's file made absolute."""
        endpoints = read_yaml("endpoints.yml")
        endpoints["action_endpoint"]["url"] = f"{self.actions_url}/webhook"
        endpoints["tracker_store"] = store_config(self.tracker_db)
        return self._run_file("endpoints", endpoints)

    def _run_file(self, name: str, data: dict) -> Path:
        """Writes a start-up copy of a Rasa config file, one per Rasa port."""
        path = RUN_DIR / f"{name}-{self.rasa_port}.yml"
        RUN_DIR.mkdir(exist_ok=True)
        path.write_text(yaml.safe_dump(data))
        return path

    def _spawn(self, name: str, args: list[str]) -> None:
        if self.log_dir:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            # A restarted server (`start_actions`) adds to its log.
            restarted = any(p.name == name for p in self.started)  # type: ignore[attr-defined]
            output = open(self.log_dir / f"{name}.log", "a" if restarted else "w")
        else:
            output = None
        process = subprocess.Popen(
            args,
            cwd=ROOT,
            env=quiet_env(),
            stdout=output,
            stderr=subprocess.STDOUT if output else None,
            # its own process group: stop() ends its children too
            start_new_session=True,
        )
        process.name = name  # type: ignore[attr-defined]
        self.processes.append(process)
        self.started.append(process)

    def start(self) -> None:
        if not self.model.exists():
            raise ServerError(
                f"no trained model at {self.model}: run `make train` first"
            )
        if self.web_port and not (WEB_DIR / "vendor" / "socket.io.min.js").exists():
            raise ServerError(
                "the chat page's socket.io client is missing: run `make web`"
            )
        for port in (self.actions_port, self.rasa_port, self.web_port):
            if port is None:
                continue
            if not port_is_free(port):
                raise ServerError(
                    f"port {port} is already in use "
                    "(another `make run` or `make serve`?); "
                    "stop it, or choose other ports: "
                    "PORT=5006 ACTIONS_PORT=5056 WEB_PORT=8081 make run"
                )
        self.start_actions()
        api = ["--enable-api", "--auth-token", self.api_token] if self.api_token else []
        self._spawn(
            "rasa",
            [
                # Rasa's CLI with our speed fixes (bot/rasa_server/__main__.py).
                sys.executable,
                "-m",
                "bot.rasa_server",
                "run",
                "--interface",
                self.host,
                "--port",
                str(self.rasa_port),
                "--model",
                str(self.model),
                "--credentials",
                str(self._credentials_file()),
                "--endpoints",
                str(self._endpoints_file()),
                *api,
            ],
        )
        if self.web_port:
            page = [
                sys.executable,
                "-m",
                "http.server",
                str(self.web_port),
                "--bind",
                self.host,
                "--directory",
                str(WEB_DIR),
            ]
            self._spawn("page", page)

    def start_actions(self) -> None:
        """The action server (also to bring it back after `stop_actions`).
        rasa_sdk's own entry point: `rasa run actions` would also import all
        of Rasa (TensorFlow included) into the action server."""
        self._spawn(
            "actions",
            [
                sys.executable,
                "-m",
                "rasa_sdk",
                "--port",
                str(self.actions_port),
                "--actions",
                "actions",
            ],
        )

    def stop_actions(self) -> None:
        """Stops the action server alone (the other servers keep running)."""
        actions = [p for p in self.processes if p.name == "actions"]  # type: ignore[attr-defined]
        self._stop(actions)

    def wait_until_ready(self, timeout: float = 240, progress: bool = False) -> float:
        """Blocks until every server answers; returns the seconds it took
        (stops them all if one does not)."""
        checks = {
            "action server": f"{self.actions_url}/health",
            "Rasa server": f"{self.url}/",
        }
        if self.web_port:
            checks["chat page"] = f"http://{self._reachable_host}:{self.web_port}/"
        try:
            return wait_until_answering(
                checks, self.processes, timeout, progress=progress, log_dir=self.log_dir
            )
        except ServerError:
            self.stop()  # the others, still running
            raise

    def stop(self) -> None:
        # A second Ctrl-C while the servers shut down must not leave them running.
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            self._stop(list(self.processes))
        finally:
            signal.signal(signal.SIGINT, previous)

    def _stop(self, processes: list[subprocess.Popen]) -> None:
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

    def __enter__(self) -> Servers:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
