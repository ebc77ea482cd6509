"""Rasa input channels of our own.

`SocketIOWithOrigins`: Rasa's socket.io channel (what web chat widgets talk
to) with the origins that may connect taken from `credentials.yml`. Rasa
3.6's channel creates its socket.io server with `cors_allowed_origins=[]`,
which in python-engineio switches origin checks off altogether: any web site
could open a conversation. Here the list comes from `allowed_origins`; with
none listed, only pages served by the Rasa server itself may connect.
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint


class SocketIOWithOrigins(SocketIOInput):
    allowed_origins: List[Text] = []

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        channel = super().from_credentials(credentials)
        channel.allowed_origins = [str(o).rstrip("/") for o in (credentials or {}).get("allowed_origins") or []]
        return channel

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)
        # None: engineio allows the server's own origin only.
        self.sio.eio.cors_allowed_origins = self.allowed_origins or None
        return blueprint
