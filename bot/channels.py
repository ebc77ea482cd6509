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
crisis (bot/safety.py needs no action server), else a short "I'm having
trouble" line; the conversation carries on once the action server is back.
"""

from __future__ import annotations

import logging
import unicodedata
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint
from sanic.exceptions import InvalidUsage, PayloadTooLarge
from sanic.request import Request

from bot.content import content
from bot.safety import safety

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 10_000
MAX_SENDER_CHARS = 255  # the tracker store's column
Handler = Callable[[UserMessage], Awaitable[Any]]


def clean_text(text: str) -> str:
    """Without control characters (newlines and tabs stay) and unpaired
    surrogates, which JSON allows but nothing downstream can encode."""
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs"))


def last_resort_reply(text: str) -> str:
    """What to say when the actions could not answer."""
    net = safety()
    kind = net.detect(text or "")
    if kind:
        return f"Coach: {net.reply_lines(kind)}\n{net.texts['outside_roleplay']}"
    return f"Coach: {content().app['trouble']}"


class _CountingOutputChannel(OutputChannel):
    """Passes every bot message on to the real output channel, counting them."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner
        self.sent = 0

    def name(self) -> Text:  # type: ignore[override]
        return self.inner.name()

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        self.sent += 1
        await self.inner.send_response(recipient_id, message)


def always_answered(on_new_message: Handler) -> Handler:
    async def handle(message: UserMessage) -> None:
        counting = _CountingOutputChannel(message.output_channel)
        message.output_channel = counting
        if isinstance(message.text, str) and len(message.text) > MAX_MESSAGE_CHARS:
            await counting.send_text_message(message.sender_id, f"Coach: {content().app['too_long']}")
            return
        message.text = clean_text(message.text) if isinstance(message.text, str) else ""
        try:
            await on_new_message(message)
        except Exception:
            # The message's text stays out of the logs (docs/privacy.md).
            logger.exception("A message could not be handled.")
        if not counting.sent:
            await counting.inner.send_text_message(message.sender_id, last_resort_reply(message.text))

    return handle


class CheckedRestInput(RestInput):
    @staticmethod
    def _body(request: Request) -> Dict[Text, Any]:
        body = request.json  # invalid JSON: Sanic answers 400
        if not isinstance(body, dict):
            raise InvalidUsage('The body must be a JSON object: {"sender": "...", "message": "..."}.')
        return body

    async def _extract_sender(self, request: Request) -> Optional[Text]:
        sender = self._body(request).get("sender")
        if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
            raise InvalidUsage(f'"sender" must be a non-empty string of at most {MAX_SENDER_CHARS} characters.')
        return sender

    def _extract_message(self, request: Request) -> Optional[Text]:
        message = self._body(request).get("message")
        if not isinstance(message, str):
            raise InvalidUsage('"message" must be a string.')
        if len(message) > MAX_MESSAGE_CHARS:
            raise PayloadTooLarge(f'"message" is longer than {MAX_MESSAGE_CHARS} characters.')
        return message

    def _extract_input_channel(self, request: Request) -> Text:
        return self.name()  # not the client's to choose

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        return super().blueprint(always_answered(on_new_message))


class SocketIOWithOrigins(SocketIOInput):
    allowed_origins: List[Text] = []

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        channel = super().from_credentials(credentials)
        channel.allowed_origins = [str(o).rstrip("/") for o in (credentials or {}).get("allowed_origins") or []]
        return channel

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        blueprint = super().blueprint(always_answered(on_new_message))
        # None: engineio allows the server's own origin only.
        self.sio.eio.cors_allowed_origins = self.allowed_origins or None
        return blueprint
