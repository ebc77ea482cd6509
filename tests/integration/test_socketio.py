"""The socket.io channel that web chat widgets use, against the real servers:
a conversation, its persistence across a reconnect (session_persistence),
over-long messages, the signal that a conversation was erased, and origins
outside `allowed_origins` in credentials.yml refused."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest
import socketio
import yaml

from bot.core.content import content
from bot.core.engine import ERASED_SIGNAL
from bot.paths import ROOT
from bot.rasa_server.channels import MAX_MESSAGE_CHARS
from bot.running.rasa_config import SOCKETIO_CHANNEL

CHANNEL = yaml.safe_load((ROOT / "credentials.yml").read_text())[SOCKETIO_CHANNEL]
ALLOWED = CHANNEL["allowed_origins"][0]


class Widget:
    """What a chat widget does: connect, ask for a session, send, listen."""

    def __init__(self, url: str, origin: str, session_id: str):
        self.url, self.origin, self.session_id = url, origin, session_id
        self.client = socketio.AsyncClient(reconnection=False)
        self.replies: asyncio.Queue = asyncio.Queue()
        self.client.on(CHANNEL["bot_message_evt"], self.replies.put_nowait)

    async def __aenter__(self) -> Widget:
        confirmed = asyncio.get_running_loop().create_future()
        self.client.on(
            "session_confirm", lambda sid: confirmed.done() or confirmed.set_result(sid)
        )
        # Long-polling only: the websocket client of python-engineio 4.15 needs a
        # newer aiohttp than Rasa 3.6 allows. The server side is the same.
        await self.client.connect(
            self.url,
            headers={"Origin": self.origin},
            transports=["polling"],
            wait_timeout=10,
        )
        await self.client.emit("session_request", {"session_id": self.session_id})
        assert await asyncio.wait_for(confirmed, 10) == self.session_id
        return self

    async def __aexit__(self, *exc) -> None:
        await self.client.disconnect()

    async def say(self, text: str, quiet: float = 1.5) -> list:
        await self.client.emit(
            CHANNEL["user_message_evt"],
            {"message": text, "session_id": self.session_id},
        )
        replies = [await asyncio.wait_for(self.replies.get(), 30)]
        while True:
            try:
                replies.append(await asyncio.wait_for(self.replies.get(), quiet))
            except asyncio.TimeoutError:
                return replies


def test_a_widget_converses_and_the_conversation_survives_a_reconnect(server):
    session_id = uuid.uuid4().hex

    async def scenario():
        async with Widget(server, ALLOWED, session_id) as widget:
            welcome = await widget.say("hi")
            assert welcome[0]["text"].startswith("Coach: ")
            assert any(reply.get("quick_replies") for reply in welcome), (
                "buttons arrive as quick replies"
            )
            start = "/start_scenario" + json.dumps(
                {"scenario": "date", "character": "sam"}
            )
            opening = (await widget.say(start))[-1]["text"]
            assert opening.startswith("Sam (your date): ")
        async with Widget(server, ALLOWED, session_id) as widget:  # a page reload
            assert (await widget.say("can you repeat that?"))[-1]["text"] == opening

    asyncio.run(scenario())


def test_an_over_long_message_gets_a_polite_reply_and_a_crisis_in_it_the_safety_reply(
    server,
):
    async def scenario():
        async with Widget(server, ALLOWED, uuid.uuid4().hex) as widget:
            (too_long,) = await widget.say("so " * (MAX_MESSAGE_CHARS // 3 + 1))
            assert too_long["text"] == f"Coach: {content().app['too_long']}"
            (safety_reply,) = await widget.say(
                "I want to kill myself " + "and " * (MAX_MESSAGE_CHARS // 4)
            )
            assert "988" in safety_reply["text"]

    asyncio.run(scenario())


def test_the_erase_confirmation_carries_a_signal_for_the_widget(server):
    async def scenario():
        async with Widget(server, ALLOWED, uuid.uuid4().hex) as widget:
            await widget.say("delete my conversation")
            confirmation, signal = await widget.say("/confirm_erase")
            assert confirmation["text"] == f"Coach: {content().app['erased']}"
            assert signal == {ERASED_SIGNAL: True}

    asyncio.run(scenario())


@pytest.mark.parametrize("origin", ["http://evil.example", "http://localhost:9999"])
def test_a_page_from_another_origin_cannot_connect(server, origin):
    async def attempt():
        async with Widget(server, origin, uuid.uuid4().hex):
            pass

    with pytest.raises(socketio.exceptions.ConnectionError):
        asyncio.run(attempt())
