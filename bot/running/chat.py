"""A terminal chat with the running Rasa server over its REST channel.

Buttons the assistant offers are numbered: type the number to press one.
"/save [FILE]" writes the transcript of this chat to a file on this machine
(kept by this program, nothing asked of the server). Ctrl-D, Ctrl-C or
"/quit" leaves.
"""

from __future__ import annotations

import datetime
import uuid
from pathlib import Path

import requests

from bot.running.rest_client import RestClient


def render(messages: list[dict]) -> list[dict]:
    """Prints the messages; returns the buttons offered, in order."""
    buttons: list[dict] = []
    for message in messages:
        if message.get("text"):
            print(f"\n{message['text']}")
        for button in message.get("buttons") or []:
            buttons.append(button)
            print(f"  [{len(buttons)}] {button['title']}")
    return buttons


def resolve(typed: str, buttons: list[dict]) -> str:
    """A number picks a button's payload; anything else is sent as typed."""
    if typed.isdigit() and 1 <= int(typed) <= len(buttons):
        return buttons[int(typed) - 1]["payload"]
    return typed


class Transcript:
    """What was said in this chat, for "/save"."""

    def __init__(self) -> None:
        self.lines: list[str] = [
            f"Practice conversation, {datetime.datetime.now():%Y-%m-%d %H:%M}",
            "",
        ]

    def user(self, text: str) -> None:
        self.lines += [f"You: {text}", ""]

    def bot(self, messages: list[dict]) -> None:
        self.lines += [
            line for m in messages if m.get("text") for line in (m["text"], "")
        ]

    def save(self, path: Path) -> Path:
        path.write_text(
            "\n".join(self.lines + ["A practice tool, not medical advice."]) + "\n",
            encoding="utf-8",
        )
        return path


def save_command(typed: str, transcript: Transcript) -> str:
    """Handles "/save [FILE]"; returns what to tell the user."""
    name = (
        typed[len("/save") :].strip()
        or f"practice-transcript-{datetime.date.today():%Y-%m-%d}.txt"
    )
    try:
        return (
            "(Transcript saved to "
            f"{transcript.save(Path(name).expanduser()).resolve()})"
        )
    except OSError as error:
        return f"(Could not save the transcript to {name}: {error.strerror})"


def chat(url: str, sender: str | None = None, first: str = "hi") -> None:
    sender = sender or f"terminal-{uuid.uuid4().hex[:12]}"
    print(
        "Type your message and press Enter. /save keeps a transcript; "
        "Ctrl-D or /quit to leave."
    )
    transcript = Transcript()
    client = RestClient(url, timeout=30)
    replies = client.send(sender, first)
    transcript.bot(replies)
    buttons = render(replies)
    while True:
        try:
            typed = input("\nYou: ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return
        if typed == "/quit":
            return
        if typed == "/save" or typed.startswith("/save "):
            print(save_command(typed, transcript))
            continue
        message = resolve(typed, buttons)
        try:
            replies = client.send(sender, message)
        except requests.RequestException as error:
            print(
                f"\n(The assistant could not be reached: {error}. "
                "Is `make serve` running?)"
            )
            continue
        chosen = next((b["title"] for b in buttons if b["payload"] == message), typed)
        transcript.user(chosen)
        transcript.bot(replies)
        buttons = render(replies)
