"""Conversations are kept in Rasa's SQL tracker store (SQLite by default):
the events land in the database, and a Rasa server restarted mid-scenario
resumes the conversation where it was (erasing and retention without
servers: tests/unit/test_tracker_store.py)."""

from __future__ import annotations

import json
import sqlite3
import uuid

from bot.core.composing import LEADING_FILLERS
from bot.running.rest_client import RestClient
from bot.running.supervisor import Servers


def test_a_restarted_server_resumes_the_roleplay_from_sqlite(tmp_path):
    database = tmp_path / "conversations.db"
    sender = f"restart-{uuid.uuid4().hex}"

    with Servers.in_folder(tmp_path) as first:
        first.wait_until_ready()
        client = RestClient(first.url)
        client.send(
            sender,
            "/start_scenario"
            + json.dumps({"scenario": "doctor", "character": "morgan"}),
        )
        question = client.send(sender, "I've had vaginal dryness and sex hurts")[-1][
            "text"
        ]
        assert question.startswith("Dr. Morgan (your doctor): ")

    with sqlite3.connect(database) as db:
        texts = [
            row[0]
            for row in db.execute(
                "select json_extract(data, '$.text') from events "
                "where sender_id = ? and type_name = 'user'",
                (sender,),
            )
        ]
    assert "I've had vaginal dryness and sex hurts" in texts

    with Servers.in_folder(tmp_path) as second:
        second.wait_until_ready()
        repeated = RestClient(second.url).send(sender, "can you repeat that?")[-1][
            "text"
        ]
    prefix = "Dr. Morgan (your doctor): "
    # after a lead, the question's opening "Okay," was dropped
    asked = LEADING_FILLERS.sub("", repeated.removeprefix(prefix)).lower()
    assert repeated.startswith(prefix) and question.lower().endswith(asked), (
        "the same question, resumed"
    )
