"""The role-play engine: one engine for every scenario.

Pure Python, no Rasa: it takes the conversation `State` and what the user did
(a move, a request for the coach, skip, stop...) and returns the messages to
send and the new state. The Rasa actions in `actions/` only translate between
Rasa's tracker and these calls, so this module is where the rules of a
practice conversation live:

- the character reacts to each move, in its own voice, with a line that fits
  what was already covered (a repeated move gets an "again" line);
- then raises its next awkward question, skipping those the user's moves have
  already covered, until the set is used up and the recap follows;
- the coach offers suggestions for the question waiting, then hands back.

Every character message starts "Name (role):" and everything said out of
character starts "Coach:", so any channel (and any test) can tell them apart.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from bot.core.content import (
    COACH,
    DEFAULT_REACTION,
    REPEATED_MOVE_REACTION,
    Character,
    Content,
    Question,
    Scenario,
    Topic,
)
from bot.core.rubric import assess
from bot.core.safety import CrisisKind, Safety, safety

# Tells clients to forget their copy too (web/widget.js).
ERASED_SIGNAL = "conversation_erased"
RANDOM_CHARACTER = "random"


@dataclass(frozen=True)
class Button:
    """A button a client shows; pressing it sends `payload` as the message."""

    title: str
    payload: str


@dataclass(frozen=True)
class Message:
    text: str
    buttons: Sequence[Button] = ()
    custom: dict | None = None  # data for clients beside the text (Rasa's "custom")


@dataclass(frozen=True)
class State:
    """Where the user is. Kept by Rasa in slots between turns.

    `scenario` set with `character` unset means the user is choosing a character.
    """

    scenario: str | None = None
    character: str | None = None
    question: str | None = None  # the question waiting for an answer
    asked: list[str] = field(default_factory=list)  # question ids, in order
    skipped: list[str] = field(default_factory=list)
    moves: list[str] = field(default_factory=list)  # moves made, in order
    # The user's own words, for the recap.
    answers: list[str] = field(default_factory=list)
    paused: bool = False  # stepped out for the safety reply until the user goes on
    # The demo being shown (bot/core/demos.py); no role-play then.
    demo: str | None = None
    demo_step: int = 0  # the exchange on screen; len(exchanges): the closing

    @property
    def in_roleplay(self) -> bool:
        return bool(self.scenario and self.character)

    @property
    def choosing_character(self) -> bool:
        return bool(self.scenario and not self.character)


@dataclass(frozen=True)
class Reply:
    messages: list[Message]
    state: State


def start_payload(scenario_id: str, character_id: str | None = None) -> str:
    entities = {"scenario": scenario_id}
    if character_id:
        entities["character"] = character_id
    return "/start_scenario" + json.dumps(entities, separators=(",", ":"))


def bullets(lines: Sequence[str]) -> str:
    return "\n".join(f"• {line}" for line in lines)


class Engine:
    def __init__(
        self,
        content: Content,
        choose: Callable[[Sequence], object] = random.choice,
        safety_net: Safety | None = None,
    ):
        self.content = content
        self.app = content.app
        self.choose = choose  # picks a random character; injectable for tests
        self.safety = safety_net or safety()

    def valid_or_fresh(self, state: State) -> State:
        """`state` if everything it names still exists in the content, else a
        fresh start (a conversation kept across a content update)."""
        if state.demo:
            demo = self.content.demos.get(state.demo)
            if demo is None:
                return State()
            return replace(
                state, demo_step=max(0, min(int(state.demo_step), len(demo.exchanges)))
            )
        scenario = (
            self.content.scenarios.get(state.scenario) if state.scenario else None
        )
        if state.scenario and scenario is None:
            return State()
        if state.character:
            question_ids = [state.question] + state.asked + state.skipped
            if scenario.character(state.character) is None or not all(
                map(scenario.question, question_ids)
            ):
                return State()
        return state

    # --- helpers -----------------------------------------------------------

    def coach(self, text: str, buttons: Sequence[Button] = ()) -> Message:
        return Message(f"{COACH}: {text}", tuple(buttons))

    def in_character(
        self, scenario: Scenario, character: Character, text: str
    ) -> Message:
        return Message(f"{character.name} ({scenario.role}): {text}")

    def _current(self, state: State):
        scenario = self.content.scenarios[state.scenario]
        return scenario, scenario.character(state.character)

    def _question(self, state: State) -> Question | None:
        scenario = self.content.scenarios[state.scenario]
        return scenario.question(state.question) if state.question else None

    def menu_buttons(self) -> list[Button]:
        return [
            Button(s.title, start_payload(s.id))
            for s in self.content.scenarios.values()
        ]

    def character_buttons(self, scenario: Scenario) -> list[Button]:
        buttons = [
            Button(f"{c.name} ({c.style})", start_payload(scenario.id, c.id))
            for c in scenario.characters
        ]
        return buttons + [
            Button(
                self.app["random_character"],
                start_payload(scenario.id, RANDOM_CHARACTER),
            )
        ]

    def _menu(self, lead: str | None = None) -> Message:
        text = f"{lead} {self.app['menu_prompt']}" if lead else self.app["menu_prompt"]
        return self.coach(text, self.menu_buttons())

    def _ask(self, state: State) -> Message:
        scenario, character = self._current(state)
        return self.in_character(
            scenario, character, self._question(state).ask[character.id]
        )

    # --- outside or around a role-play -------------------------------------

    def welcome(self, state: State) -> Reply:
        """A greeting. Inside a role-play the character just asks again."""
        if state.in_roleplay:
            return self.repeat(state, [])
        return Reply([self.coach(self.app["welcome"]), self._menu()], State())

    def disclaimer(self) -> Message:
        """The line that opens every new conversation."""
        return self.coach(self.app["disclaimer"])

    def menu(self, state: State, lead: str | None = None) -> Reply:
        """The options: the scenarios, or inside a role-play the commands."""
        if state.in_roleplay:
            return Reply([self.coach(self.app["controls"]), self._ask(state)], state)
        return Reply([self._menu(lead)], State())

    def start(
        self,
        state: State,
        scenario_id: str | None = None,
        character_id: str | None = None,
    ) -> Reply:
        """Starts a scenario, or asks which character when none is given."""
        if character_id and character_id != RANDOM_CHARACTER and not scenario_id:
            found = self.content.find_character(character_id)
            scenario_id = found[0].id if found else state.scenario
        scenario_id = scenario_id or state.scenario
        scenario = self.content.scenarios.get(scenario_id) if scenario_id else None
        if scenario is None:
            lead = self.app["unknown_scenario"] if scenario_id else None
            return Reply([self._menu(lead)], State())
        if character_id == RANDOM_CHARACTER:
            character_id = self.choose(scenario.characters).id
        character = scenario.character(character_id) if character_id else None
        if character is None:
            prompt = (
                self.app["unknown_character"]
                if character_id
                else self.app["character_prompt"]
            )
            return Reply(
                [self.coach(prompt, self.character_buttons(scenario))],
                State(scenario=scenario.id),
            )

        first = scenario.questions[0]
        new = State(
            scenario=scenario.id,
            character=character.id,
            question=first.id,
            asked=[first.id],
        )
        setting = scenario.setting.format(name=character.name)
        messages = [self.coach(f"{setting} {self.app['controls']}"), self._ask(new)]
        return Reply(messages, new)

    def answer_topic(self, state: State, topic: Topic, text: str) -> Reply:
        """Something on one of the material's topics. Outside a role-play the
        coach answers it. Inside one it is a move where the scenario makes it
        one (asking the doctor about Kegels), an answer where the question
        waiting is on that topic (talking fertility when asked about
        children), and otherwise a question for the coach, who answers and
        hands back to the character."""
        if state.in_roleplay:
            scenario = self.content.scenarios[state.scenario]
            if topic.id in scenario.topic_moves:
                return self.move(state, scenario.topic_moves[topic.id], text)
            if topic.id in self._question(state).topics:
                return self.move(state, DEFAULT_REACTION, text)
        answer = topic.answer
        if topic.care_team:
            answer = f"{answer}\n{self.app['care_team']}"
        if state.in_roleplay:
            return Reply(
                [
                    self.coach(f"{self.app['topic_in_scenario']}\n{answer}"),
                    self._ask(state),
                ],
                state,
            )
        return Reply([self.coach(answer)], state)

    def fallback(self, state: State) -> Reply:
        if state.in_roleplay:
            _, character = self._current(state)
            text = self.app["fallback_in_scenario"].format(name=character.name)
            return Reply([self.coach(text), self._ask(state)], state)
        if state.choosing_character:
            scenario = self.content.scenarios[state.scenario]
            lead = f"{self.app['fallback']} {self.app['character_prompt']}"
            return Reply([self.coach(lead, self.character_buttons(scenario))], state)
        return Reply([self._menu(self.app["fallback"])], state)

    def transcript(self, state: State) -> Reply:
        """ "Can I have a transcript?": the clients make it (see app.yml)."""
        return Reply([self.coach(self.app["transcript"])], state)

    def goodbye(self, state: State) -> Reply:
        return Reply([self.coach(self.app["goodbye"])], state)

    # --- safety: stepping out of the practice -------------------------------

    def _pause_buttons(self) -> list[Button]:
        texts = self.safety.texts
        return [
            Button(texts["resume_button"], "/resume"),
            Button(texts["stop_button"], "/stop"),
        ]

    def crisis(self, state: State, kind: CrisisKind) -> Reply:
        """The out-of-character safety reply with whom to contact. A role-play
        pauses until the user chooses to go on (or stops)."""
        texts = self.safety.texts
        reply = self.coach(self.safety.crisis_text(kind))
        if state.in_roleplay:
            return Reply(
                [reply, self.coach(texts["in_roleplay"], self._pause_buttons())],
                replace(state, paused=True),
            )
        return Reply([reply, self.coach(texts["outside_roleplay"])], State())

    def check_in(self, state: State, kind: CrisisKind) -> Reply:
        """The classifier alone read a crisis: ask, give the contacts, and let
        the user carry on (the question that was waiting comes again)."""
        message = self.coach(self.safety.check_in_text(kind))
        if state.in_roleplay and not state.paused:
            return Reply([message, self._ask(state)], state)
        return Reply([message], state)

    def while_paused(self, state: State) -> Reply:
        """Anything but going on or stopping, while the role-play is paused."""
        return Reply(
            [self.coach(self.safety.texts["paused"], self._pause_buttons())], state
        )

    def resume(self, state: State) -> Reply:
        """ "Go on": back to the question that was waiting."""
        if not state.in_roleplay:
            return Reply([self._menu(self.app["nothing_to_resume"])], State())
        resumed = replace(state, paused=False)
        return Reply([self.coach(self.app["resumed"]), self._ask(resumed)], resumed)

    # --- privacy -------------------------------------------------------------

    def offer_erase(self, state: State) -> Reply:
        """ "Delete my conversation": asks before erasing (it can't be undone)."""
        buttons = [
            Button(self.app["erase_yes"], "/confirm_erase"),
            Button(self.app["erase_no"], "/show_menu"),
        ]
        return Reply([self.coach(self.app["erase_offer"], buttons)], state)

    def erased(self) -> Reply:
        """Said just before the tracker store erases the conversation
        (bot/rasa_server/tracker_store.py), so it is the last thing the user
        sees of it."""
        erased = self.coach(self.app["erased"])
        return Reply([replace(erased, custom={ERASED_SIGNAL: True})], State())

    # --- inside a role-play ------------------------------------------------

    def _reply_if_no_roleplay(self, state: State) -> Reply | None:
        """The reply to a role-play command when no role-play is running.

        While a character is being chosen, the command leaves the choice and
        offers the scenarios again, so nothing traps the user there."""
        if state.in_roleplay:
            return None
        return Reply([self._menu(self.app["not_in_scenario"])], State())

    def move(self, state: State, move_id: str, text: str) -> Reply:
        """The user made a move (`text`, in their own words): the character
        reacts, then asks the next question."""
        if not state.in_roleplay:
            if state.choosing_character:
                return self.start(state)
            move = self.content.moves.get(move_id)
            if move and move.topic:
                return self.answer_topic(state, self.content.topics[move.topic], text)
            return Reply([self._menu(self.app["move_outside_scenario"])], state)

        scenario, character = self._current(state)
        key = (
            move_id
            if move_id in scenario.reactions
            and character.id in scenario.reactions[move_id]
            else DEFAULT_REACTION
        )
        if state.moves[-1:] == [move_id] and move_id in self.content.moves:
            # the user said the same kind of thing twice in a row
            key = REPEATED_MOVE_REACTION
        lines = scenario.reactions[key][character.id]
        reaction = lines[len(state.moves) % len(lines)]
        moved = replace(
            state, moves=state.moves + [move_id], answers=state.answers + [text]
        )

        question = self._question(state)
        if question and question.insists and move_id not in question.covered_by:
            return Reply(
                [
                    self.in_character(
                        scenario, character, f"{reaction} {question.ask[character.id]}"
                    )
                ],
                moved,
            )
        return self._next_question(moved, lead=reaction)

    def reply_to_low_confidence(
        self, state: State, guess: str | None, text: str
    ) -> Reply:
        """NLU was not confident; `guess` is its most likely intent.

        Inside a role-play nearly everything the user says is an answer, and
        long, heartfelt answers are the ones NLU is least sure of. So a guess
        that is a move counts as that move, and a guess that is a question
        counts as a plain answer (the character's general reaction), unless
        the scenario makes that question a move. Anything else, and anything
        outside a role-play, gets the fallback with the options.
        """
        if state.in_roleplay and guess and any(ch.isalpha() for ch in text):
            if guess in self.content.moves:
                return self.move(state, guess, text)
            topic = self.content.topic_for_intent(guess)
            if topic:
                scenario = self.content.scenarios[state.scenario]
                return self.move(
                    state, scenario.topic_moves.get(topic.id, DEFAULT_REACTION), text
                )
        return self.fallback(state)

    def _next_question(self, state: State, lead: str | None) -> Reply:
        scenario, character = self._current(state)
        upcoming = next(
            (
                q
                for q in scenario.questions
                if q.id not in state.asked
                and not any(move in state.moves for move in q.covered_by)
            ),
            None,
        )
        if upcoming is None:
            closing = self.in_character(
                scenario,
                character,
                f"{lead} {character.closing}" if lead else character.closing,
            )
            done = self.coach(self.app["all_asked"].format(name=character.name))
            recap = self.stop(state)
            return Reply([closing, done] + recap.messages, recap.state)
        text = upcoming.ask[character.id]
        new = replace(state, question=upcoming.id, asked=state.asked + [upcoming.id])
        return Reply(
            [
                self.in_character(
                    scenario, character, f"{lead} {text}" if lead else text
                )
            ],
            new,
        )

    def ask_coach(self, state: State) -> Reply:
        if not state.in_roleplay:
            if state.choosing_character:
                return self.start(state)
            return Reply([self._menu(self.app["coach_nothing_to_answer"])], state)
        _, character = self._current(state)
        suggestions = [s.text for s in self._question(state).suggestions]
        intro = self.app["coach_intro"].format(name=character.name)
        handback = self.app["coach_handback"].format(name=character.name)
        return Reply(
            [
                self.coach(f"{intro}\n{bullets(suggestions)}\n{handback}"),
                self._ask(state),
            ],
            state,
        )

    def skip(self, state: State) -> Reply:
        if no_roleplay := self._reply_if_no_roleplay(state):
            return no_roleplay
        skipped = replace(state, skipped=state.skipped + [state.question])
        reply = self._next_question(skipped, lead=None)
        return Reply([self.coach(self.app["skipped"])] + reply.messages, reply.state)

    def repeat(self, state: State, last_messages: Sequence[Message]) -> Reply:
        if state.in_roleplay:
            return Reply([self._ask(state)], state)
        if state.choosing_character:
            return self.start(state)
        if last_messages:
            return Reply(list(last_messages), state)
        return self.menu(state)

    def switch_character(self, state: State) -> Reply:
        if state.choosing_character:
            return self.start(state)
        if no_roleplay := self._reply_if_no_roleplay(state):
            return no_roleplay
        scenario, character = self._current(state)
        others = list(scenario.characters)
        following = others[(others.index(character) + 1) % len(others)]
        return self.start(State(), scenario.id, following.id)

    def start_over(self, state: State) -> Reply:
        if no_roleplay := self._reply_if_no_roleplay(state):
            return no_roleplay
        return self.start(State(), state.scenario, state.character)

    def stop(self, state: State) -> Reply:
        """Ends the role-play with a recap: questions, feedback, tips."""
        if no_roleplay := self._reply_if_no_roleplay(state):
            return no_roleplay
        if state.paused:
            return Reply([self.coach(self.safety.texts["stopped"])], State())
        scenario, character = self._current(state)
        app = self.app

        asked = []
        for question_id in state.asked:
            line = scenario.question(question_id).ask[character.id]
            asked.append(
                f"{line} {app['recap_skipped']}"
                if question_id in state.skipped
                else line
            )
        title = app["recap_title"].format(name=character.name, title=scenario.title)
        questions = bullets(asked) if asked else app["recap_no_questions"]
        summary = self.coach(f"{title}\n{app['recap_questions']}\n{questions}")

        if state.answers:
            feedback_text = "\n".join(f.text() for f in assess(scenario, state.answers))
        else:
            feedback_text = app["recap_no_answers"]
        feedback = self.coach(f"{app['recap_feedback']}\n{feedback_text}")

        tips = self.coach(
            f"{app['recap_tips']}\n{bullets([t.text for t in scenario.tips])}"
        )
        return Reply([summary, feedback, tips, self._menu(app["recap_next"])], State())
