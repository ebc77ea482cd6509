"""Conversations are kept in Rasa's SQL tracker store (SQLite by default):
the events land in the database, and a Rasa server restarted mid-scenario
resumes the conversation where it was."""

from __future__ import annotations

import json
import sqlite3
import uuid

from bot.chat import send
from bot.servers import Servers, free_port


def test_a_restarted_server_resumes_the_roleplay_from_sqlite(tmp_path):
    database = tmp_path / "conversations.db"
    sender = f"restart-{uuid.uuid4().hex}"

    def servers() -> Servers:
        return Servers(rasa_port=free_port(), actions_port=free_port(), web_port=None,
                       tracker_db=database, log_dir=tmp_path / "logs")

    with servers() as first:
        first.wait_until_ready()
        send(first.url, sender, "/start_scenario" + json.dumps({"scenario": "doctor", "character": "morgan"}))
        question = send(first.url, sender, "I've had vaginal dryness and sex hurts")[-1]["text"]
        assert question.startswith("Dr. Morgan (your doctor): ")

    with sqlite3.connect(database) as db:
        texts = [row[0] for row in db.execute(
            "select json_extract(data, '$.text') from events where sender_id = ? and type_name = 'user'", (sender,))]
    assert "I've had vaginal dryness and sex hurts" in texts

    with servers() as second:
        second.wait_until_ready()
        repeated = send(second.url, sender, "can you repeat that?")[-1]["text"]
    prefix = "Dr. Morgan (your doctor): "
    assert repeated.startswith(prefix) and question.endswith(repeated[len(prefix):]), "the same question, resumed"
