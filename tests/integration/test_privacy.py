"""Privacy and faults with servers of this module's own (so stopping the
action server or turning the HTTP API on touches no other test): Rasa's HTTP
API off by default and token-protected when on, "delete my conversation"
verified in the SQLite file, no message text in the logs, and the action
server going down and coming back mid-scenario."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import uuid
from urllib.parse import urlparse

import pytest
import requests

from bot.core.content import content
from bot.core.engine import ERASED_SIGNAL
from bot.core.safety import safety
from bot.paths import ROOT
from bot.running.supervisor import Servers
from tests.helpers import Conversation, character_prefix, stored_events

APP = content().app
TROUBLE = f"Coach: {APP['trouble']}\n{APP['disclaimer']}"
TOKEN = f"test-token-{uuid.uuid4().hex}"


@pytest.fixture(scope="module")
def own(tmp_path_factory) -> Servers:
    folder = tmp_path_factory.mktemp("own-servers")
    servers = Servers.in_folder(folder, api_token=TOKEN)
    with servers:
        servers.wait_until_ready()
        yield servers


def logs(servers: Servers) -> str:
    return "\n".join(
        path.read_text(errors="replace") for path in servers.log_dir.glob("*.log")
    )


def test_the_http_api_is_off_by_default(server):
    assert (
        requests.get(f"{server}/conversations/anyone/tracker", timeout=10).status_code
        == 404
    )
    assert (
        requests.post(
            f"{server}/model/parse", json={"text": "hi"}, timeout=10
        ).status_code
        == 404
    )


def test_when_on_the_http_api_refuses_requests_without_the_token(own):
    chat = Conversation(own.url)
    chat.say("hi")
    tracker = f"{own.url}/conversations/{chat.sender}/tracker"
    assert requests.get(tracker, timeout=10).status_code == 401
    assert (
        requests.get(tracker, params={"token": "wrong"}, timeout=10).status_code == 401
    )
    allowed = requests.get(tracker, params={"token": TOKEN}, timeout=10)
    assert allowed.status_code == 200 and allowed.json()["events"]


def test_the_api_will_not_start_without_a_long_token():
    result = subprocess.run(
        [sys.executable, "-m", "bot", "serve", "--enable-api"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "RASA_API_TOKEN": "short"},
        timeout=60,
    )
    assert result.returncode != 0 and "RASA_API_TOKEN" in result.stderr


def test_delete_my_conversation_erases_every_stored_event(own):
    chat, other = Conversation(own.url), Conversation(own.url)
    other.say("hi")
    chat.start("doctor", "reyes")
    chat.say("I've had vaginal dryness since I started treatment")
    before = stored_events(own, chat.sender)
    offer = chat.say("please delete my conversation")
    assert [b["payload"] for b in offer[-1]["buttons"]] == [
        "/confirm_erase",
        "/show_menu",
    ]
    assert stored_events(own, chat.sender) > before > 0, (
        "nothing erased before the user confirms"
    )
    confirmation, signal = chat.say("/confirm_erase")
    assert confirmation["text"] == "Coach: " + APP["erased"]
    assert signal["custom"] == {"data": {ERASED_SIGNAL: True}}, (
        "clients are told to forget their copy"
    )
    assert stored_events(own, chat.sender) == 0
    assert stored_events(own, other.sender) > 0, "other conversations are untouched"
    fresh = chat.say("hi")
    assert fresh[0]["text"] == "Coach: " + APP["disclaimer"], (
        "a new conversation begins"
    )


@pytest.mark.parametrize("text", ["/confirm_erase", "yes", "yes, erase it"])
def test_a_confirmation_nobody_asked_for_erases_nothing(own, text):
    chat = Conversation(own.url)
    chat.start("partner", "robin")
    reply = chat.say(text)
    assert stored_events(own, chat.sender) > 0
    assert "Coach: " + APP["erased"] not in [m["text"] for m in reply]


def hang_up_mid_request(url: str, body: bytes) -> None:
    """Sends a request and closes the connection before the answer."""
    address = urlparse(url)
    with socket.create_connection(
        (address.hostname, address.port), timeout=10
    ) as connection:
        head = (
            "POST /webhooks/rest/webhook HTTP/1.1\r\nHost: x\r\n"
            "Content-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        connection.sendall(head.encode() + body)
    time.sleep(2)  # the server handles it after the client has gone


def test_the_logs_hold_no_message_text(own):
    secret = f"zebraquartz{uuid.uuid4().hex[:6]}"
    chat = Conversation(own.url)
    chat.start("partner", "chris")
    for text in (
        f"I feel {secret} about sex",
        f"I want to kill myself {secret}",
        f"/{secret} is what I feel",  # a slash like a button payload
        f'/start_scenario{{"{secret}"',  # a broken payload
        f"{secret} " * 1000,  # long, still handled
        "x" * 20000 + secret,  # refused as too long
    ):
        requests.post(
            f"{own.url}/webhooks/rest/webhook",
            json={"sender": chat.sender, "message": text},
            timeout=30,
        )
    requests.post(
        f"{own.url}/webhooks/rest/webhook",
        data=f'{{"sender": "{secret}", "message": 5}}',
        timeout=30,
    )
    hang_up_mid_request(
        own.url,
        json.dumps({"sender": chat.sender, "message": f"I hang up {secret}"}).encode(),
    )
    chat.say("/resume")
    assert "Starting Rasa server" in logs(own), "the logs were captured"
    assert secret not in logs(own)


def test_the_action_server_down_gets_a_clear_reply_and_the_roleplay_carries_on(own):
    chat = Conversation(own.url)
    chat.start("date", "alex")
    secret = f"plumquartz{uuid.uuid4().hex[:6]}"
    own.stop_actions()
    try:
        assert [
            m["text"] for m in chat.say(f"I have metastatic breast cancer {secret}")
        ] == [TROUBLE]
        crisis = chat.say("I want to end my life")[0]["text"]
        assert (
            crisis.startswith("Coach: " + safety().kinds["self_harm"].reply)
            and "988" in crisis
        )
    finally:
        own.start_actions()
        own.wait_until_ready()
    after = chat.say("I have metastatic breast cancer")
    assert after[-1]["text"].startswith(character_prefix("date", "alex")), (
        "the role-play picks up where it was"
    )
    assert "Failed to run custom action 'action_roleplay_turn'" in logs(own), (
        "the failure is logged"
    )
    assert secret not in logs(own), "its text is not"
