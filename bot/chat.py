"""A terminal chat with the running Rasa server over its REST channel.

Buttons the assistant offers are numbered: type the number to press one.
Ctrl-D, Ctrl-C or "/quit" leaves.
"""

from __future__ import annotations

import uuid
from typing import Dict, List, Optional

import requests

REST_PATH = "/webhooks/rest/webhook"


def send(url: str, sender: str, text: str, timeout: float = 30) -> List[Dict]:
    """One user message; returns the assistant's messages."""
    response = requests.post(url + REST_PATH, json={"sender": sender, "message": text}, timeout=timeout)
    response.raise_for_status()
    return response.json()


def render(messages: List[Dict]) -> List[Dict]:
    """Prints the messages; returns the buttons offered, in order."""
    buttons: List[Dict] = []
    for message in messages:
        if message.get("text"):
            print(f"\n{message['text']}")
        for button in message.get("buttons") or []:
            buttons.append(button)
            print(f"  [{len(buttons)}] {button['title']}")
    return buttons


def resolve(typed: str, buttons: List[Dict]) -> str:
    """A number picks a button's payload; anything else is sent as typed."""
    if typed.isdigit() and 1 <= int(typed) <= len(buttons):
        return buttons[int(typed) - 1]["payload"]
    return typed


def chat(url: str, sender: Optional[str] = None, first: str = "hi") -> None:
    sender = sender or f"terminal-{uuid.uuid4().hex[:12]}"
    print("Type your message and press Enter. Ctrl-D or /quit to leave.")
    buttons = render(send(url, sender, first))
    while True:
        try:
            typed = input("\nYou: ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return
        if typed == "/quit":
            return
        try:
            buttons = render(send(url, sender, resolve(typed, buttons)))
        except requests.RequestException as error:
            print(f"\n(The assistant could not be reached: {error}. Is `make serve` running?)")
