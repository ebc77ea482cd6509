"""Shared fixtures: the bundled content, an engine with a predictable
"random" choice, a Rasa Tracker built from a few slots and a message, and the
real servers (started once, as `make serve` starts them, on free ports)."""

from __future__ import annotations

import sqlite3
import time
from typing import Dict, List, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.content import content as bundled_content
from bot.engine import Engine
from bot.servers import DEFAULT_MODEL, Servers, free_port


@pytest.fixture(scope="session")
def content():
    return bundled_content()


@pytest.fixture
def engine(content):
    return Engine(content, choose=lambda options: options[-1])


def make_tracker(
    slots: Optional[Dict] = None,
    intent: str = "greet",
    text: str = "hi",
    entities: Optional[List[Dict]] = None,
    events: Optional[List[Dict]] = None,
) -> Tracker:
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0},
        "entities": entities or [],
    }
    return Tracker(
        sender_id="test",
        slots=slots or {},
        latest_message=message,
        events=(events or []) + [{"event": "user", "text": text, "parse_data": message}],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def stored_events(servers: Servers, sender: str, expect_zero: bool = False) -> int:
    """Rows of one conversation in the servers' SQLite file; with
    `expect_zero`, waits a little for the server to save (socket.io sends the
    reply before the save)."""
    for _ in range(50):
        with sqlite3.connect(servers.tracker_db) as db:
            count = db.execute("select count(*) from events where sender_id = ?", (sender,)).fetchone()[0]
        if not expect_zero or count == 0:
            return count
        time.sleep(0.1)
    return count


@pytest.fixture
def dispatcher():
    return CollectingDispatcher()


@pytest.fixture(scope="session")
def running(tmp_path_factory) -> Servers:
    """The Rasa server, its action server and the chat page, running."""
    if not DEFAULT_MODEL.exists():
        pytest.fail(f"no trained model at {DEFAULT_MODEL}: run `make train` (make test does it)")
    run_dir = tmp_path_factory.mktemp("servers")
    servers = Servers(
        rasa_port=free_port(), actions_port=free_port(), web_port=free_port(),
        tracker_db=run_dir / "conversations.db", log_dir=run_dir / "logs",
    )
    try:
        servers.start()
        servers.wait_until_ready()
        yield servers
    finally:
        servers.stop()


@pytest.fixture(scope="session")
def server(running) -> str:
    """The Rasa server's base URL."""
    return running.url
