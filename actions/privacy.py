"""Actions around what is stored: the disclaimer that opens every
conversation, and erasing a conversation on request.

The erasing itself is done by the tracker store (`bot.rasa_server.tracker_store`)
when it saves a conversation in which `action_erase_conversation` ran; see
docs/privacy.md.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import OWN_REPLY, STATE_SLOTS, EngineAction, engine, send
from bot.core.engine import Engine, Reply, State


class ActionSessionStart(Action):
    """Every new conversation opens with the one-line disclaimer; the
    role-play state carries over into a new session of the same one."""

    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        send(dispatcher, [engine().disclaimer()])
        carried = [
            SlotSet(name, tracker.get_slot(name))
            for name in STATE_SLOTS
            if tracker.get_slot(name) is not None
        ]
        return [SessionStarted(), *carried, ActionExecuted("action_listen")]


class ActionOfferErase(EngineAction):
    """ "Delete my conversation": asks before erasing."""

    action_name = "action_offer_erase"
    command = "erase"
    engine_reply = "offer_erase"
    during_pause = True
    in_demo = OWN_REPLY


class ActionEraseConversation(EngineAction):
    """Confirmed: says so; the tracker store then erases every event."""

    action_name = "action_erase_conversation"
    during_pause = True
    in_demo = OWN_REPLY

    def reply(self, engine: Engine, state: State, tracker: Tracker) -> Reply:
        return engine.erased()
