"""Actions around the role-plays: welcome and menu, direct questions on the
material's topics, fallback for what was not understood, goodbye."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.base import OWN_REPLY, EngineAction, best_guess, latest_intent, latest_text
from bot.core.engine import Engine, Reply, State


class ActionWelcome(EngineAction):
    """Greeting: the disclaimer and the scenarios."""

    action_name = "action_welcome"
    answers_in_roleplay = True
    engine_reply = "welcome"


class ActionShowMenu(EngineAction):
    """ "Help" / "menu": the scenarios, or inside a role-play the commands."""

    action_name = "action_show_menu"
    command = "menu"
    engine_reply = "menu"


class ActionAnswerQuestion(EngineAction):
    """A direct question on one of the material's topics (the intent names it).
    Answered during a demo too, which then goes on from where it was."""

    action_name = "action_answer_question"
    answers_in_roleplay = True
    practice_request_starts = True
    in_demo = OWN_REPLY

    def reply(self, engine: Engine, state: State, tracker: Tracker) -> Reply:
        topic = engine.content.topic_for_intent(latest_intent(tracker))
        if topic is None:
            return engine.fallback(state)
        return engine.answer_topic(state, topic, latest_text(tracker))


class ActionFallback(EngineAction):
    """Off-topic, or not understood with confidence
    (see `Engine.reply_to_low_confidence`).

    Also a confirmation of erasing when nothing was offered: NLU reads a bare
    "yes" (an answer to a character) as one, so it is read again without
    it, and only a request to erase gets the question."""

    action_name = "action_fallback"
    answers_in_roleplay = True
    practice_request_starts = True

    def reply(self, engine: Engine, state: State, tracker: Tracker) -> Reply:
        intent = latest_intent(tracker)
        if intent == "confirm_erase":
            guess = best_guess(tracker, exclude=("confirm_erase",))
            if guess == "erase_conversation":
                return engine.offer_erase(state)
            return engine.reply_to_low_confidence(state, guess, latest_text(tracker))
        if intent == "nlu_fallback":
            return engine.reply_to_low_confidence(
                state, best_guess(tracker), latest_text(tracker)
            )
        return engine.fallback(state)


class ActionTranscript(EngineAction):
    action_name = "action_transcript"
    engine_reply = "transcript"
    during_pause = True
    in_demo = OWN_REPLY


class ActionGoodbye(EngineAction):
    action_name = "action_goodbye"
    answers_in_roleplay = True
    engine_reply = "goodbye"
    in_demo = OWN_REPLY
