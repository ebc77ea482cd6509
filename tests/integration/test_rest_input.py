"""Hostile and broken input to the REST endpoint of the running server: each
gets a 4xx with a reason or a polite reply, never a 500, and the server keeps
answering ordinary messages afterwards."""

from __future__ import annotations

import uuid

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.rasa_server.channels import MAX_MESSAGE_CHARS, clean_text
from bot.running.rest_client import REST_PATH
from tests.helpers import Conversation

WEBHOOK = REST_PATH


def post(server: str, **kwargs) -> requests.Response:
    return requests.post(server + WEBHOOK, timeout=30, **kwargs)


def still_answers(server: str) -> None:
    assert Conversation(server).say("hi")[-1]["buttons"], (
        "the server still offers the scenarios"
    )


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b'{"sender": "x", "message": ',  # cut off
        b"\xff\xfe\x00\x01binary\x80\x81",
        b"[1, 2, 3]",
        b'"just a string"',
        b"null",
        b'{"sender": "x"}',  # no message
        b'{"message": "hi"}',  # no sender
        b'{"sender": "x", "message": 42}',
        b'{"sender": "x", "message": ["hi"]}',
        b'{"sender": 7, "message": "hi"}',
        b'{"sender": "", "message": "hi"}',
        b'{"sender": "' + b"s" * 300 + b'", "message": "hi"}',
        b'{"sender": "a\\u0000b", "message": "hi"}',
        b'{"sender": "a\\ud800", "message": "hi"}',
    ],
    ids=[
        "text",
        "truncated",
        "binary",
        "list",
        "string",
        "null",
        "no-message",
        "no-sender",
        "number-message",
        "list-message",
        "number-sender",
        "empty-sender",
        "long-sender",
        "control-in-sender",
        "surrogate-in-sender",
    ],
)
def test_malformed_requests_get_a_4xx_with_a_reason(server, body):
    response = post(server, data=body, headers={"Content-Type": "application/json"})
    assert 400 <= response.status_code < 500, response.text
    assert response.text.strip()
    still_answers(server)


def test_a_one_megabyte_message_is_refused_as_too_large(server):
    response = post(
        server, json={"sender": f"big-{uuid.uuid4().hex}", "message": "a" * 1_000_000}
    )
    assert response.status_code == 413 and str(MAX_MESSAGE_CHARS) in response.text
    still_answers(server)


def test_control_characters_and_lone_surrogates_get_a_polite_reply(server):
    sender = f"odd-{uuid.uuid4().hex}"
    body = (
        f'{{"sender": "{sender}", '
        '"message": "hi\\u0000\\u0007 there \\ud800\\u001b[31m"}'
    )
    response = post(
        server, data=body.encode(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 200 and response.json()
    still_answers(server)


def test_clean_text_drops_controls_but_keeps_lines_and_emoji():
    assert clean_text("a\x00b\tc\nd\x1b😀\ud800") == "ab\tc\nd😀"


def test_random_messages_never_break_the_server(server):
    """A few hundred random senders and messages (any Unicode, controls and
    surrogates included), then an ordinary conversation."""

    @settings(
        max_examples=300,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(message=st.text(max_size=300), sender=st.text(min_size=1, max_size=40))
    def throw(message, sender):
        response = post(server, json={"sender": sender, "message": message})
        refusable = (
            not sender.strip()
            or clean_text(sender) != sender
            or "\n" in sender
            or "\t" in sender
        )
        assert response.status_code == 200 or (
            response.status_code == 400 and refusable
        )
        if response.status_code == 200:
            assert response.json(), "every message gets an answer"

    throw()
    still_answers(server)


def test_a_chat_widgets_get_started_opens_like_a_greeting(server):
    """rasa-webchat sends "/get_started" when it opens."""
    opened = [m.get("text") for m in Conversation(server).say("/get_started")]
    greeted = [m.get("text") for m in Conversation(server).say("hi")]
    assert opened == greeted and len(opened) >= 2
