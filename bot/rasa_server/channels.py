"""Rasa input channels of our own (named in credentials.yml).

- `CheckedRestInput`: Rasa's REST channel (`/webhooks/rest/webhook`) that
  refuses malformed requests with a 4xx and a reason (Rasa's own answers a
  JSON list, or a number for `message`, with a 500) and cleans the text.
- `SocketIOWithOrigins`: Rasa's socket.io channel (what web chat widgets talk
  to) with the origins that may connect taken from `allowed_origins`. Rasa
  3.6 creates its socket.io server with `cors_allowed_origins=[]`, which in
  python-engineio switches origin checks off altogether: any web site could
  open a conversation. With none listed, only pages served by the Rasa
  server itself may connect.

Both make sure every message gets an answer (`always_answered`): if the
action server is down, Rasa logs the failure and sends nothing, so the user
would face silence. Then the user gets the safety reply if the message is a
crisis (bot/core/safety.py needs no action server), else a short "I'm having
trouble" line; the conversation carries on once the action server is back.

What they rely on inside Rasa (the REST channel's `_extract_*` hooks, the
socket.io server's allowed origins) is listed in `rasa_internals`.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import re
import unicodedata
from collections.abc import Awaitable, Callable
from typing import Any

import yaml
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint
from sanic.exceptions import InvalidUsage, PayloadTooLarge
from sanic.request import Request

from bot.core.content import content
from bot.core.safety import safety
from bot.paths import ROOT
from bot.rasa_server.rasa_internals import restrict_socketio_origins

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 10_000
MAX_SENDER_CHARS = 255  # the tracker store's column
DOMAIN = ROOT / "domain.yml"
PAYLOAD = re.compile(r"/(\w+)(\{.*\})?", re.DOTALL)
# What chat widgets send when they open, read as a greeting (rasa-webchat
# sends "/get_started" unless a site changes its default).
WIDGET_OPENINGS = frozenset({"/get_started"})
GREETING = "/greet"
Handler = Callable[[UserMessage], Awaitable[Any]]


def clean_text(text: str) -> str:
    """Without control characters (newlines and tabs stay) and unpaired
    surrogates, which JSON allows but nothing downstream can encode."""
    return "".join(
        ch
        for ch in text
        if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs")
    )


@functools.lru_cache(maxsize=1)
def _intents() -> frozenset[str]:
    return frozenset(yaml.safe_load(DOMAIN.read_text())["intents"])


def as_user_text(text: str) -> str:
    """`text`, cleaned; a chat widget's opening payload as a greeting; a
    leading "/" that is not a real button payload (`/intent` or
    `/intent{json}`) dropped, so it is read as words: Rasa would log such a
    line whole as a warning."""
    text = clean_text(text)
    if text.strip() in WIDGET_OPENINGS:
        return GREETING
    match = PAYLOAD.fullmatch(text.strip())
    if match and match.group(1) in _intents():
        try:
            if match.group(2) is None or isinstance(json.loads(match.group(2)), dict):
                return text
        except ValueError:
            pass
    return text.lstrip().lstrip("/") if text.lstrip().startswith("/") else text


def safety_reply(text: str) -> str | None:
    """The safety reply if the patterns see a crisis in `text`, else None."""
    net = safety()
    kind = net.detect(text or "")
    return (
        f"Coach: {net.crisis_text(kind)}\n{net.texts['outside_roleplay']}"
        if kind
        else None
    )


def last_resort_reply(text: str) -> str:
    """What to say when the actions could not answer: the safety reply for a
    crisis, else that we are having trouble (with the disclaimer, which the
    failed session start could not send)."""
    return (
        safety_reply(text)
        or f"Coach: {content().app['trouble']}\n{content().app['disclaimer']}"
    )


class _CountingOutputChannel(OutputChannel):
    """Passes every bot message on to the real output channel, counting them."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner
        self.sent = 0

    def name(self) -> str:  # type: ignore[override]
        return self.inner.name()

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        self.sent += 1
        await self.inner.send_response(recipient_id, message)


def always_answered(on_new_message: Handler) -> Handler:
    """Wraps Rasa's message handler: the text cleaned, an over-long message
    refused politely (the safety reply if it holds a crisis), and a reply
    even when the actions sent none. The handling is shielded from a client
    hanging up, so it completes (and is saved, or erased) all the same, and
    Rasa never logs the text of a cancelled message."""

    async def handle(message: UserMessage) -> None:
        counting = _CountingOutputChannel(message.output_channel)
        message.output_channel = counting
        text = message.text if isinstance(message.text, str) else ""
        if len(text) > MAX_MESSAGE_CHARS:
            reply = safety_reply(text) or f"Coach: {content().app['too_long']}"
            await counting.inner.send_text_message(message.sender_id, reply)
            return
        message.text = as_user_text(text)
        try:
            await asyncio.shield(on_new_message(message))
        except asyncio.CancelledError:
            return  # the client is gone; the shielded handling carries on
        except Exception:
            # The message's text stays out of the logs (docs/privacy.md).
            logger.exception("A message could not be handled.")
        if not counting.sent:
            await counting.inner.send_text_message(
                message.sender_id, last_resort_reply(message.text)
            )

    return handle


class CheckedRestInput(RestInput):
    @staticmethod
    def _body(request: Request) -> dict[str, Any]:
        body = request.json  # invalid JSON: Sanic answers 400
        if not isinstance(body, dict):
            raise InvalidUsage(
                'The body must be a JSON object: {"sender": "...", "message": "..."}.'
            )
        return body

    async def _extract_sender(self, request: Request) -> str | None:
        sender = self._body(request).get("sender")
        if (
            not isinstance(sender, str)
            or not sender.strip()
            or len(sender) > MAX_SENDER_CHARS
            or clean_text(sender) != sender
            or "\n" in sender
            or "\t" in sender
        ):
            raise InvalidUsage(
                f'"sender" must be a non-empty string of at most {MAX_SENDER_CHARS} '
                "characters, without control characters."
            )
        return sender

    def _extract_message(self, request: Request) -> str | None:
        message = self._body(request).get("message")
        if not isinstance(message, str):
            raise InvalidUsage('"message" must be a string.')
        if len(message) > MAX_MESSAGE_CHARS:
            raise PayloadTooLarge(
                f'"message" is longer than {MAX_MESSAGE_CHARS} characters.'
            )
        return message

    def _extract_input_channel(self, request: Request) -> str:
        return self.name()  # not the client's to choose

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        return super().blueprint(always_answered(on_new_message))


class SocketIOWithOrigins(SocketIOInput):
    allowed_origins: list[str] = []

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        channel = super().from_credentials(credentials)
        channel.allowed_origins = [
            str(o).rstrip("/") for o in (credentials or {}).get("allowed_origins") or []
        ]
        return channel

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        blueprint = super().blueprint(always_answered(on_new_message))
        restrict_socketio_origins(self, self.allowed_origins)
        return blueprint
