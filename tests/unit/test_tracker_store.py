"""The tracker store's own duties on a real SQLite file, without servers:
a confirmed erase deletes every event of a conversation, idle conversations
are purged after the retention period, and `python -m bot purge`
(bot/rasa_server/tracker_store.py)."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
import time

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.paths import ROOT
from bot.rasa_server.tracker_store import ERASE_ACTION, ErasableSQLTrackerStore

DAY = 86400


def store_at(database, retention_days=30) -> ErasableSQLTrackerStore:
    return ErasableSQLTrackerStore(
        domain=Domain.empty(),
        dialect="sqlite",
        db=str(database),
        retention_days=retention_days,
    )


def save_conversation(store, sender: str, age_days: float = 0, then=()) -> None:
    at = time.time() - age_days * DAY
    events = [
        UserUttered("hello", timestamp=at),
        BotUttered("Coach: hi", timestamp=at + 1),
        *then,
    ]
    asyncio.run(store.save(DialogueStateTracker.from_events(sender, events)))


def senders(database):
    with sqlite3.connect(database) as db:
        return {row[0] for row in db.execute("select distinct sender_id from events")}


def test_saving_after_the_erase_action_deletes_the_whole_conversation(tmp_path):
    database = tmp_path / "conversations.db"
    store = store_at(database)
    save_conversation(store, "keep")
    save_conversation(store, "erase")
    tracker = asyncio.run(store.retrieve("erase"))
    tracker.update(ActionExecuted(ERASE_ACTION))
    tracker.update(BotUttered("Coach: erased"))
    asyncio.run(store.save(tracker))
    assert senders(database) == {"keep"}


def test_conversations_idle_past_the_retention_period_are_purged_at_start(tmp_path):
    database = tmp_path / "conversations.db"
    store = store_at(database, retention_days=None)  # keeps everything
    save_conversation(store, "recent", age_days=2)
    save_conversation(store, "old", age_days=45)
    save_conversation(
        store,
        "resumed",
        age_days=45,
        then=[UserUttered("back again", timestamp=time.time())],
    )
    assert senders(database) == {"recent", "old", "resumed"}
    store_at(database, retention_days=30)  # what the Rasa server does when it starts
    assert senders(database) == {"recent", "resumed"}


def test_the_purge_command_erases_what_is_older_than_asked(tmp_path):
    database = tmp_path / "conversations.db"
    store = store_at(database, retention_days=None)
    save_conversation(store, "week-old", age_days=7)
    save_conversation(store, "today")
    result = subprocess.run(
        [sys.executable, "-m", "bot", "purge", "--days", "3"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "TRACKER_DB": str(database),
            "RASA_TELEMETRY_ENABLED": "false",
        },
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Erased 1 conversation" in result.stdout
    assert senders(database) == {"today"}
    bad = subprocess.run(
        [sys.executable, "-m", "bot", "purge", "--days", "-1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and "--days" in bad.stderr
