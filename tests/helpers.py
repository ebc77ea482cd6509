"""Helpers the test modules share (fixtures are in conftest.py): a Rasa
`Tracker` built from a few slots and a message, a conversation over REST with
its messages checked for a speaker, sample answers for each scenario, and
counting a conversation's rows in the servers' SQLite file."""

from __future__ import annotations

import json
import re
import sqlite3
import time
import uuid

from rasa_sdk import Tracker

from bot.core.content import content
from bot.running.rest_client import RestClient
from bot.running.supervisor import Servers

CONTENT = content()
SPEAKER = re.compile(
    r"^(Coach|Model answer|[A-Z][\w. ]+ \(your (date|partner|doctor)\)): ", re.UNICODE
)

# What a patient might type in each scenario, in order.
ANSWERS = {
    "date": [
        "I need to tell you something. I have metastatic breast cancer",
        (
            "It means the cancer has spread to other parts of my body, "
            "and I'm having treatment for it"
        ),
        "I'd rather take things slowly and share more when I'm ready",
    ],
    "partner": [
        "Since the chemo I've been really dry and sex has started to hurt",
        "It's not you at all, I still find you so attractive",
        "Could we just cuddle tonight?",
    ],
    "doctor": [
        "I've had vaginal dryness and pain during sex since starting treatment",
        (
            "I know it's common, but this really matters to me "
            "and I'd like to deal with it today"
        ),
        "Could you refer me to a sexual health specialist?",
    ],
}


class Conversation:
    def __init__(self, url: str):
        self.client = RestClient(url, timeout=30)
        self.sender = f"e2e-{uuid.uuid4().hex}"

    def say(self, text: str):
        messages = self.client.send(self.sender, text)
        assert messages, f"no reply to {text!r}"
        for message in messages:
            if "custom" in message and "text" not in message:
                continue  # data for clients (the erase signal), not something said
            assert SPEAKER.match(message.get("text", "")), (
                f"unlabelled message: {message}"
            )
        return messages

    def start(self, scenario_id: str, character_id: str):
        payload = "/start_scenario" + json.dumps(
            {"scenario": scenario_id, "character": character_id}
        )
        return self.say(payload)


def texts(messages):
    return [m["text"] for m in messages]


def character_prefix(scenario_id, character_id):
    scenario = CONTENT.scenarios[scenario_id]
    return f"{scenario.character(character_id).name} ({scenario.role}): "


def make_tracker(
    slots: dict | None = None,
    intent: str = "greet",
    text: str = "hi",
    entities: list[dict] | None = None,
    events: list[dict] | None = None,
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
        events=(events or [])
        + [{"event": "user", "text": text, "parse_data": message}],
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
            count = db.execute(
                "select count(*) from events where sender_id = ?", (sender,)
            ).fetchone()[0]
        if not expect_zero or count == 0:
            return count
        time.sleep(0.1)
    return count
