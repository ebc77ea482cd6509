"""The role-play engine: one engine for every scenario.

Pure Python, no Rasa: it takes the conversation `State` and what the user did
(a move, a request for the coach, skip, stop...) and returns the messages to
send and the new state. The Rasa actions in `actions/` only translate between
Rasa's tracker and these calls, so this module is where the rules of a
practice conversation live:

- the character reads her turn (bot/core/reading.py), remembers what she told
  it, and composes a reply in its own voice: it acknowledges what she named,
  answers what she asked, follows up gently on a short or hesitant answer,
  and says "you said that" only when her words really repeat;
- then raises its next awkward question, skipping those she has already
  answered in passing and those about side effects she never named, in a
  varied order, until the set is used up and a closing that fits what
  happened leads to the recap; no line comes twice in one conversation;
- the coach offers suggestions for the question waiting, then hands back.

Every character message starts "Name (role):" and everything said out of
character starts "Coach:", so any channel (and any test) can tell them apart.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace

from bot.core import composing
from bot.core.composing import line_keys, pick
from bot.core.content import (
    ABOUT_YOU_ANSWER,
    ANSWERED,
    COACH,
    CRITICISM_ANSWER,
    DEFAULT_REACTION,
    OTHER_ANSWER,
    PATTERNLESS_ANSWERS,
    PROPOSAL_ANSWER,
    REMEMBERING_ANSWER,
    REPEATED_MOVE_REACTION,
    Character,
    Content,
    Question,
    Scenario,
    Topic,
)
from bot.core.reading import Reader, Reading, Turn
from bot.core.rubric import assess
from bot.core.safety import CrisisKind, Safety, safety

# Tells clients to forget their copy too (web/widget.js).
ERASED_SIGNAL = "conversation_erased"
RANDOM_CHARACTER = "random"
# Moves that ask the doctor to act; a character who gives ground only when
# pushed resists them until she insists.
REQUEST_MOVES = {
    "request_referral": "conceded_referral",
    "request_treatment": "conceded_treatment",
}
REQUEST_TERMS = {
    "referral": "conceded_referral",
    "dryness_treatment": "conceded_treatment",
    "kegels": "conceded_treatment",
    "dilators": "conceded_treatment",
    "symptom_help": "conceded_treatment",
    "fertility_protection": "conceded_treatment",
}
# Moves whose reaction says little more than "thank you for telling me":
# what she named is acknowledged instead when the reader found it.
GENERIC_MOVES = {"describe_side_effect", "share_feelings"}
# Moves that ask the character something: NLU's guess without a question
# read, beside what she named, is her telling ("sometimes. tired mostly" is
# no "how are you feeling?").
ASKING_MOVES = {"ask_feelings"}
# Moves whose reaction is the answer that fits what she named, when one does
# ("something for the numbness, please" gets the care team's help for it).
ANSWERED_BY_WHAT_SHE_NAMES = {"request_treatment"}
# Moves that say how she feels: outside a role-play they are heard first.
FEELING_MOVES = {"share_feelings"}
# Moves whose reaction comes before the acknowledgement of what she named.
LEADING_MOVES = {"disclose_diagnosis", "explain_diagnosis", "explain_waiting"}
# The short replies after which the character waits once instead of going
# on (after a boundary it asks what she would rather talk about).
WAITING_SHORT = {"hesitant", "yes", "boundary"}
# Feelings that need no comfort: said beside a side effect, the side effect's
# line is enough.
LIGHT_FEELINGS = {"relieved", "hopeful"}
# Feelings about what the character said or did ("that hurts to hear"): owned
# before comfort for any other feeling, and counted as pushing back.
FEELINGS_ABOUT_IT = {"hurt_by_you"}
# What the material does not cover, asked about outside a role-play: the coach
# says so and points to the care team (app.yml `beyond_the_guide`).
BEYOND_THE_GUIDE = "food_and_supplements"
# The answer by which a date or partner defers to her doctor: where NLU is
# sure her question is on one of the material's topics, the coach answers it
# from the material instead (the estrogen caution and all).
DEFERRING_ANSWER = "ask_the_doctor"
# How sure NLU's guess is taken to be when it was not confident.
MOVE_GUESS_CONFIDENCE = 0.3
# In a role-play, a command NLU is this sure of, in this many words at most,
# is clear without the lexicon's command words ("quit this", "cancel").
CLEAR_COMMAND_CONFIDENCE = 0.8
CLEAR_COMMAND_WORDS = 6
# A question on one of the material's topics, asked in a role-play where the
# character does not answer it, goes to the coach when NLU is this sure.
TOPIC_CONFIDENCE = 0.5
# ... and when it is not put as a question, when NLU is this sure.
TOPIC_SURE_CONFIDENCE = 0.9


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
    # Memory: what she named (lexicon ids), what happened (ENGINE_FACTS), the
    # questions she asked (answer ids), the lines said (line keys).
    named: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    her_questions: list[str] = field(default_factory=list)
    # the side effects the character has named aloud (lexicon ids): one she
    # named that it never took up is acknowledged when she names it again
    spoken_of: list[str] = field(default_factory=list)
    said: list[str] = field(default_factory=list)
    order: list[str] = field(default_factory=list)  # question ids, as planned
    seed: int = 0  # varies lines and order between runs, fixed within one
    waited: bool = False  # the character waited on the question waiting once
    # The state before her last answer, for "let me try that again".
    previous: dict | None = None
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


def say_nothing(lines) -> None:
    """A `say` for working out a reaction's effect on the state, unsaid."""
    return None


def bullets(lines: Sequence[str]) -> str:
    return "\n".join(f"• {line}" for line in lines)


def _sayer(state: State):
    """`say(lines)`: a line of `lines` not said yet in the conversation (or
    None), recorded in `said`, the list it returns beside it."""
    said = list(state.said)

    def say(lines) -> str | None:
        line = pick(lines or (), said, state.seed + len(said))
        if line:
            said.extend(line_keys(line))
        return line

    return say, said


class Engine:
    def __init__(
        self,
        content: Content,
        choose: Callable[[Sequence], object] = random.choice,
        safety_net: Safety | None = None,
        new_seed: Callable[[], int] = lambda: random.randrange(1 << 30),
    ):
        self.content = content
        self.app = content.app
        self.choose = choose  # picks a random character; injectable for tests
        self.new_seed = new_seed  # each role-play's variation; injectable too
        self.safety = safety_net or safety()
        self.reader = Reader(content)

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
            question_ids = [state.question] + state.asked + state.skipped + state.order
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

    def _wording(self, state: State, question: Question) -> str:
        """The question in the character's words; its `ask_named` wording
        refers back to side effects she named before her last answer (what
        she has just said was acknowledged already: "Is that why you
        mentioned the dryness?" right after "the dryness" made no sense),
        unless another question referred to them in the same words (not
        "with the numbness and tingling" in every question)."""
        scenario, character = self._current(state)
        earlier = (state.previous or {}).get("named") or []
        named = composing.named_phrase(self.content.lexicon, earlier)
        referred = named and any(
            composing.said_as_is(
                scenario.question(asked).wording(character.id, named), state.said
            )
            for asked in state.asked
            if asked != question.id and scenario.question(asked).ask_named
        )
        return question.wording(character.id, None if referred else named, state.named)

    def _ask(self, state: State) -> Message:
        scenario, character = self._current(state)
        return self.in_character(
            scenario, character, self._wording(state, self._question(state))
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

        seed = self.new_seed()
        order = composing.question_order(scenario, seed)
        new = State(
            scenario=scenario.id,
            character=character.id,
            question=order[0],
            asked=[order[0]],
            order=order,
            seed=seed,
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
        outside_the_guide = BEYOND_THE_GUIDE in self.reader.names_in(text)
        if state.in_roleplay:
            scenario = self.content.scenarios[state.scenario]
            if topic.id in scenario.topic_moves and not outside_the_guide:
                return self.move(state, scenario.topic_moves[topic.id], text)
            if topic.id in self._question(state).topics or outside_the_guide:
                # (what the guide does not cover, the character says it
                # does not know, in its own words)
                return self.move(state, DEFAULT_REACTION, text)
        if outside_the_guide:
            # "does soy make breast cancer worse?" is no estrogen question
            answer = self.app["beyond_the_guide"]
        elif topic.care_team:
            answer = f"{topic.answer}\n{self.app['care_team']}"
        else:
            answer = topic.answer
        if state.in_roleplay:
            handback = self._hand_back(state)
            return Reply(
                [self.coach(f"{self.app['topic_in_scenario']}\n{answer}")]
                + handback.messages,
                handback.state,
            )
        return Reply([self.coach(answer)], state)

    def _hand_back(self, state: State) -> Reply:
        """The character again after the coach: the question waiting; the
        next one if what she said with her question answered it ("No, you
        can't catch it. Is there a cream I can use?"); or, once she has
        answered it and the character waited, a line that takes up where
        they were (not the question word for word again)."""
        if self._covers(state, self._question(state)):
            return self._next_question(state, None)
        if not state.waited:
            return Reply([self._ask(state)], state)
        scenario, character = self._current(state)
        said = list(state.said)
        line = pick(scenario.handback[character.id], said, state.seed + len(said))
        if not line:
            return Reply([self._ask(state)], state)
        state = replace(state, said=said + line_keys(line))
        return Reply([self.in_character(scenario, character, line)], state)

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

    def while_paused(self, state: State, text: str = "") -> Reply:
        """Anything NLU did not take for going on or stopping, while the
        role-play is paused: words that say she is safe or wants to go on
        ("thanks for checking, I'm safe. can we go on?") go on all the same;
        anything else gets the reminder of the pause."""
        if self.reader.says_go_on(text):
            return self.resume(state)
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

    def is_command(
        self, state: State, text: str, command: str, confidence: float = 0.0
    ) -> bool:
        """In a role-play, only a clear command leaves the conversation:
        a button's payload, or words that name `command` (the lexicon's)
        in something that is not a question the character answers ("what
        can I do about the dryness?" is for the doctor, not the menu), and,
        where the question waiting uses the command's word, the word alone
        or words that name the practice. A short message NLU is very sure
        is the command (`confidence`: "quit this", "halt", "cancel") is
        clear too, unless it reads as a short answer ("not really")."""
        if text.startswith("/"):
            return True
        if not state.in_roleplay:
            return command in self.reader.commands_in(text)
        if command not in self.reader.commands_in(text) and not self._sure_command(
            state, text, confidence
        ):
            return False
        if command in self._question(state).command_words and not (
            len(text.split()) == 1 or self.reader.names_the_practice(text)
        ):  # "Stop, yes." answers "should we just stop?"
            return False
        scenario = self.content.scenarios[state.scenario]
        question = self.reader.read(Turn(text), scenario).question
        return question in (None, *PATTERNLESS_ANSWERS)

    def _sure_command(self, state: State, text: str, confidence: float) -> bool:
        """A message of a few words that NLU is very sure is a command and
        that is no short answer of any kind."""
        if confidence < CLEAR_COMMAND_CONFIDENCE:
            return False
        if len(text.split()) > CLEAR_COMMAND_WORDS:
            return False
        reading = self.reader.read(Turn(text), self.content.scenarios[state.scenario])
        return reading.short is None and not reading.named

    def move(self, state: State, move_id: str, text: str) -> Reply:
        """She made `move_id` in her own words (`text`): a turn whose intent
        is sure."""
        return self.turn(state, Turn(text, ((move_id, 1.0),)))

    def reply_to_low_confidence(
        self, state: State, guess: str | None, text: str
    ) -> Reply:
        """NLU was not confident; `guess` is its most likely intent. Inside a
        role-play nearly everything she says is an answer, and long,
        heartfelt answers are the ones NLU is least sure of, so it is read
        as a turn. Outside one she gets the fallback with the options."""
        if state.in_roleplay:
            intents = ((guess, MOVE_GUESS_CONFIDENCE),) if guess else ()
            return self.turn(state, Turn(text, intents))
        return self.fallback(state)

    def turn(self, state: State, turn: Turn) -> Reply:
        """Her words during a role-play (outside one, what the top intent
        asks for): the character acknowledges what she named, answers what
        she asked, reacts to her move, then goes on with a question that
        fits, or waits when she needs a moment."""
        if not state.in_roleplay:
            return self._outside_roleplay(state, turn)
        scenario, character = self._current(state)
        reading = self.reader.read(turn, scenario)
        if "repeat" in reading.commands and reading.question is None:
            # "what do you mean?": it asks again, after hearing what she
            # said with it ("the meds wreck my stomach. anyway, where were
            # we?")
            scenario, character = self._current(state)
            say, said = _sayer(state)
            heard = self._acknowledge(scenario, character, reading.named, state, say)
            if not heard:
                return self.repeat(state, [])
            told = self._spoken(self._remember(state, reading), heard)
            told = replace(told, said=said)
            question = self._wording(told, self._question(told))
            return Reply(
                [self.in_character(scenario, character, f"{heard} {question}")],
                told,
            )
        # her words name a command NLU took for something else ("no more,
        # stop please" read as a boundary)
        for command, carry_out in (("stop", self.stop), ("coach", self.ask_coach)):
            if command in reading.commands and self.is_command(
                state, turn.text, command
            ):
                return carry_out(state)
        topic = self.content.topic_for_intent(turn.intent or "")
        if topic and self._for_the_coach(state, topic, turn, reading):
            # what she told with her question is remembered
            told = replace(
                state,
                named=state.named + [n for n in reading.named if n not in state.named],
            )
            return self.answer_topic(told, topic, turn.text)
        if topic and topic.id in scenario.topic_moves and reading.move is None:
            reading = replace(
                reading, move=scenario.topic_moves[topic.id], move_sure=True
            )
        return self._respond(state, reading)

    def _for_the_coach(
        self, state: State, topic: Topic, turn: Turn, reading: Reading
    ) -> bool:
        """A question on one of the material's topics that this character
        does not answer (not one of the scenario's moves, nor what the
        question waiting is about): asked as a question, or, when NLU is
        very sure, put another way ("tell me about kegel exercises") and
        no answer to the character."""
        scenario = self.content.scenarios[state.scenario]
        if topic.id in scenario.topic_moves or topic.id in self._question(state).topics:
            return False
        sure = turn.confidence(turn.intent)
        if reading.question in (OTHER_ANSWER, DEFERRING_ANSWER):
            # what she names she names in the question ("what can I take
            # for the hot flashes?"), not beside it ("Is it hot in here?
            # ... the hormone therapy gives me hot flashes" tells, and asks
            # nothing of the material)
            return sure >= TOPIC_CONFIDENCE and (
                bool(reading.asked_about) or not reading.named
            )
        # what she names in a statement she tells the character ("No, my
        # periods stopped during chemo, and we're done having kids")
        telling = any(
            self.content.lexicon.terms[n].category in ("side_effects", "facts")
            for n in reading.named
        )
        return (
            reading.question is None
            and reading.short is None
            and reading.move not in scenario.reactions
            and not telling
            and sure >= TOPIC_SURE_CONFIDENCE
        )

    def _outside_roleplay(self, state: State, turn: Turn) -> Reply:
        if state.choosing_character:
            return self.start(state)
        move = self.content.moves.get(turn.intent or "")
        topic = self.content.topic_for_intent(turn.intent or "") or (
            self.content.topics.get(move.topic) if move and move.topic else None
        )
        if topic:
            return self.answer_topic(state, topic, turn.text)
        if move:
            lead = "feeling_outside_scenario" if move.id in FEELING_MOVES else None
            return Reply([self._menu(self.app[lead or "move_outside_scenario"])], state)
        return self.fallback(state)

    def _remember(self, state: State, reading: Reading) -> State:
        """The state after her turn: her words, her move, what she named
        (less what she now says is not so) and asked; the state before it
        kept for "let me try that again"."""
        before = asdict(replace(state, previous=None))
        facts = list(state.facts)
        move = reading.move if reading.move_sure else None
        if reading.short == "boundary" or reading.pauses or move == "set_boundary":
            facts.append("boundary")
            if state.question:
                question = self._question(state)
                facts += composing.declined(question.topics)
                facts.append(composing.DECLINED_QUESTION + question.id)
        if (
            reading.insists
            or move == "push_back"
            or FEELINGS_ABOUT_IT & set(reading.named)
        ):
            facts.append("insisted")
        if reading.backs_down and self.content.scenarios[state.scenario].backed_down:
            facts.append("backed_down")
        categories = {self.content.lexicon.terms[n].category for n in reading.named}
        if {"side_effects", "treatments"} <= categories:
            facts.append("from_treatment")  # "my feet go numb from the chemo"
        return replace(
            state,
            moves=state.moves + ([move] if move else []),
            answers=state.answers + [reading.text],
            named=[n for n in state.named if n not in reading.denied]
            + [n for n in reading.named if n not in state.named],
            facts=list(dict.fromkeys(facts)),
            her_questions=state.her_questions
            + ([reading.question] if reading.question else []),
            previous=before,
        )

    def _respond(self, state: State, reading: Reading) -> Reply:
        scenario, character = self._current(state)
        question = self._question(state)
        # a short reply said twice is no repeat ("can we not talk about
        # that" to two questions)
        repeated = not reading.short and composing.repeats(reading.text, state.answers)
        new = self._remember(state, reading)
        say, said = _sayer(new)

        pieces: list[str | None] = []
        go_on = True
        if reading.backs_down and scenario.backed_down:
            pieces.append(say(scenario.backed_down[character.id]))
        elif reading.unanswered and (owed := self._owed(state, reading)):
            # what she names with an answer owed is heard first ("...I can't
            # stand seeing myself bald. you never answered me"); when what
            # is owed is taking up what she names, once, after owning up
            owed_answer, take_up = owed
            acknowledgement = (
                self._acknowledge(scenario, character, reading.named, state, say)
                if owed_answer
                else None
            )
            pieces = [
                acknowledgement,
                say(scenario.owning_up[character.id]),
                take_up(say),
            ]
        elif reading.pauses:
            # a boundary in a long reply: what she named is acknowledged,
            # the boundary kept, and nothing more asked for now
            pieces = [
                self._acknowledge(scenario, character, reading.named, state, say),
                say(scenario.short_answers["boundary"][character.id]),
                say(scenario.after_boundary[character.id]),
            ]
            go_on = False
        elif (
            reading.opens_with_no
            and not reading.short
            and not reading.question
            and question.yes_no
            # about this question, not another ("No, you can't catch it" to
            # "will the treatment fix it?")
            and set(reading.named) <= set(question.covered_by)
            and (own_no := question.short_answers.get("no", {}).get(character.id))
        ):  # a long no ("No, my periods stopped... fertility isn't a concern")
            pieces = [
                self._acknowledge(scenario, character, reading.named, state, say),
                say(own_no),
            ]
        elif (
            reading.short
            and reading.short != "boundary"
            and composing.DECLINED_QUESTION + question.id in state.facts
        ):
            # "ok" after "can we not talk about that": on to the next; "nope"
            # (nothing else to talk about) gets the scenario's plain line
            # first, not the declined question's own
            if reading.short in ("no", "unsure"):
                pieces.append(say(scenario.short_answers[reading.short][character.id]))
        elif self._only_small_talk(reading):
            # "my cat knocked over my coffee": a light answer, then its own
            # question once more (once; the opening waits for her news)
            pieces = [say(scenario.small_talk[character.id])]
            if not state.waited or question.place == "first":
                # (the small talk line already turns back to it)
                pieces.append(self._asked_again(new, question, say, lead_in=False))
                go_on = False
        elif reading.short and not repeated:
            kind = reading.short
            # the question's own lines for this reply ("no" to "it gets
            # cured, right?"), else the scenario's
            own = question.short_answers.get(kind, {}).get(character.id)
            if kind in ("yes", "no") and question.yes_no:
                kind = ANSWERED
            own = own or question.short_answers.get(kind, {}).get(character.id)
            pieces.append(say(own) or say(scenario.short_answers[kind][character.id]))
            if kind == "boundary" and question.place != "first":
                # not the next intimate question at once, and no dead end:
                # what comes next is hers to choose
                pieces.append(say(scenario.after_boundary[character.id]))
            asks = any("?" in p for p in pieces if p)
            if kind != "boundary" and question.nudge and (state.waited or not asks):
                # where it waits for her news, a second short reply, or one
                # whose line asks nothing ("Right."): it asks again, gently,
                # not a filler after a filler, nor a dead end
                pieces.append(say(question.nudge[character.id]))
            # It waits on the opening until she tells, and once on a
            # hesitant reply, a bare yes or a boundary.
            go_on = question.place != "first" and (
                state.waited or kind not in WAITING_SHORT
            )
        else:
            if repeated:
                acknowledgement = say(
                    scenario.reactions[REPEATED_MOVE_REACTION][character.id]
                )
            elif reading.question == REMEMBERING_ANSWER:
                acknowledgement = None  # what she asks it to remember is not news
            else:
                acknowledgement = self._acknowledge(
                    scenario,
                    character,
                    reading.named,
                    state,
                    say,
                    plans=reading.question is None,
                )
            # Asked something, she gets the answer, not a reaction to the
            # move NLU guessed (a disclosure still comes first), unless the
            # question is a proposal the reaction answers ("could we try
            # something new?" gets "I'm game"). A doctor who
            # resists a request answers the question without resisting
            # aloud ("next visit" and the answer at once) and without giving
            # ground: that still takes pushing.
            move = self.content.moves.get(reading.move or "")
            reaction_answers = (
                reading.question == PROPOSAL_ANSWER
                and move is not None
                and move.answers_questions
            )
            answers_her = (
                reading.question is not None
                and reading.move not in LEADING_MOVES
                and not reaction_answers
            )
            reaction, new = self._react(
                scenario, character, new, reading, say_nothing if answers_her else say
            )
            answer = None
            # a question nothing fits, in a message that named something to
            # acknowledge ("...and sex? forget it. i feel broken"), gets the
            # acknowledgement, not "that's a fair question"
            no_answer_needed = (
                reading.question == OTHER_ANSWER
                and acknowledgement
                and not reading.asks_in_full
            )
            if (
                reading.question
                and not (reaction_answers and reaction)
                and not no_answer_needed
            ):
                answer = self._answer(scenario, character, reading, state, say)
                if answer and reading.also_asked:
                    also = scenario.answer(reading.also_asked).say[character.id]
                    answer = composing.stitched([answer, say(also)])
            elif follow := next(
                (a for t, a in question.answered_with.items() if t in reading.named),
                None,
            ):  # "maybe kids one day" to the doctor's fertility question
                answer = say(scenario.answer(follow).say[character.id])
            # the reaction to a move that answers the question asked comes
            # first ("is it me?" - "no, it's the treatment...": "Oh. Good.")
            leads = reading.move in LEADING_MOVES or reading.move in question.covered_by
            ordered = (
                [reaction, acknowledgement] if leads else [acknowledgement, reaction]
            )
            ordered = [p for p in ordered if p]
            # a referral she asks for beside her question is agreed to aloud,
            # not only in the notes ("can you refer me, and can your team
            # help with the hot flashes?")
            granted = (
                self._granted_aloud(state, new, reading, say)
                if answer and answers_her
                else None
            )
            pieces = ordered[:1] + [granted, answer] if answer else ordered[:2]
            waits = question.insists and not self._covers(new, question)
            if waits and not answer and question.nudge:
                # still not said what it waits for: it asks, gently
                pieces = ordered[:1] + [say(question.nudge[character.id])]
            if not any(pieces):
                pieces = [say(scenario.reactions[DEFAULT_REACTION][character.id])]
            if waits:
                go_on = False
            if reading.question == CRITICISM_ANSWER:
                go_on = False  # told it asks too much, it does not ask at once
            elif answer and self._only_asked_back(state, new, question, reading):
                # her question answered, its own is asked again, once: not
                # dropped for the next ("how long do they give you?" -
                # "did you try the bread?")
                pieces.append(self._asked_again(new, question, say))
                go_on = False
            elif not answer and self._answered_another(state, new, question):
                # what she told answers another of its questions, not this
                # one: heard, and this one asked again, once ("can you have
                # kids?" - "it's stage four, it has spread")
                pieces.append(self._asked_again(new, question, say))
                go_on = False
        pieces, new = self._caution_once(new, pieces, reading.question)
        lead = composing.stitched(pieces)
        go_on = go_on or lead is None  # nothing left to say while waiting
        new = replace(new, said=said, waited=not go_on)
        new = self._spoken(new, lead)
        if not go_on:
            return Reply([self.in_character(scenario, character, lead)], new)
        just_named = any(
            n in self.content.lexicon.side_effects and n not in state.named
            for n in reading.named
        )
        return self._next_question(new, lead, just_named)

    def _answer(self, scenario, character, reading, state, say) -> str | None:
        """The answer to her question; "do you remember what I told you
        (about the hot flashes)?" gets what she names in it, else what she
        told the character before, if anything."""
        if reading.question == REMEMBERING_ANSWER:
            lexicon = self.content.lexicon
            thing = composing.remembered_phrase(
                lexicon, reading.named
            ) or composing.remembered_phrase(lexicon, state.named)
            if thing and (
                line := say(scenario.acknowledge["remembered"][character.id])
            ):
                return line.format(thing=thing)
        return say(scenario.answer(reading.question).say[character.id])

    def _caution_once(
        self, state: State, pieces, question: str | None = None
    ) -> tuple[list, State]:
        """The pieces with the scenario's caution given once a conversation
        (composing.caution_once), unless `question`, hers, is one the
        caution answers; and the state that remembers it was given."""
        caution = self.content.scenarios[state.scenario].caution
        if caution is None:
            return list(pieces), state
        cautioned = "cautioned" in state.facts and question not in caution.answers
        pieces, now = composing.caution_once(pieces, caution.words, cautioned)
        if now and "cautioned" not in state.facts:
            state = replace(state, facts=state.facts + ["cautioned"])
        return pieces, state

    def _owed(self, state: State, reading: Reading):
        """When she says she was not answered or heard: whether an answer
        is owed, and a `say` -> line for what is owed, the first of: the
        answer to the question she asks now (unless it is only "did you even
        hear me?") or to what she names now
        ("about the lube"); what she names now taken up ("you didn't say
        anything about my joints"); the answer to the last question she
        asked; what she named before. None if none of these."""
        scenario, character = self._current(state)
        asked_now = reading.question not in (None, OTHER_ANSWER, ABOUT_YOU_ANSWER) or (
            reading.question == OTHER_ANSWER and reading.asks_in_full
        )
        question = (reading.question if asked_now else None) or (
            self.reader.answer_naming(reading.named, scenario)
        )
        if not (question or reading.named):
            # not "good question, I don't know" again to "i just told you"
            question = next(
                (q for q in reversed(state.her_questions) if q != OTHER_ANSWER), None
            )
        if question:
            lines = scenario.answer(question).say[character.id]
            return True, lambda say: say(lines)
        named = list(reading.named) or state.named[-2:]
        if not named:
            return None
        return False, lambda say: self._acknowledge(
            scenario, character, named, state, say, even_spoken_of=True
        )

    def _spoken(self, state: State, text: str | None) -> State:
        """The state that remembers the side effects `text` names aloud."""
        lexicon = self.content.lexicon
        spoken = [
            n
            for n in state.named
            if n in lexicon.side_effects
            and n not in state.spoken_of
            and lexicon.terms[n].say in (text or "")
        ]
        return replace(state, spoken_of=state.spoken_of + spoken) if spoken else state

    def _acknowledge(
        self,
        scenario,
        character,
        named,
        state,
        say,
        even_spoken_of=False,
        plans=False,
    ) -> str | None:
        """A line for the most important thing she `named`: the side effects
        (three at most) the character has not spoken of in `state` (the one
        before her turn; unless `even_spoken_of`), else a feeling, else a
        plan she tells (with `plans`, a request the scenario has lines
        for). Side
        effects she named in an earlier turn get a line that says so, not
        "I didn't know about...". (One it has spoken of is referred back to
        by the questions' `ask_named` wording instead.)"""
        lexicon = self.content.lexicon
        effects = [n for n in named if n in lexicon.side_effects]
        fresh = [n for n in effects if even_spoken_of or n not in state.spoken_of]
        news = [n for n in fresh if n not in state.named]
        feelings = [n for n in named if lexicon.terms[n].category == "feelings"]
        if fresh:
            # The line names them (three at most); one written for the side
            # effect alone when those ran out. A hard feeling said with them
            # ("...and I cry in the shower, I feel so guilty") gets its own
            # line after it, not the checklist alone.
            kind = "side_effect" if news else "side_effect_again"
            line = say(scenario.acknowledge[kind][character.id])
            if line:
                line = line.format(
                    thing=composing.named_phrase(lexicon, news or fresh, 3)
                )
            else:
                line = say(scenario.specific.get(fresh[0], {}).get(character.id))
            hard = [f for f in feelings if f not in LIGHT_FEELINGS]
            if line and hard:
                felt = self._felt(scenario, character, hard, say)
                # (sorry for what hurt her first, then what she named)
                owned = FEELINGS_ABOUT_IT & set(hard)
                return composing.stitched([felt, line] if owned else [line, felt])
            if line:
                return line
        if feelings:
            return self._felt(scenario, character, feelings, say)
        # a plan she tells (`plans`: "I want to ask my oncologist about a
        # specialist", not asked: "could you come with me?" is answered),
        # where the scenario has a line for it
        told = [n for n in named if plans and lexicon.terms[n].category == "requests"]
        for plan in told:
            if line := say(scenario.specific.get(plan, {}).get(character.id)):
                return line
        if "impact" in named and "impact" in scenario.acknowledge:
            return self._slotted(scenario, character, "impact", "impact", say)
        return None

    def _felt(self, scenario, character, feelings, say) -> str | None:
        """A line for the first of `feelings` there is one for, a hard
        feeling before a light one ("relieved" beside "scared"): its own
        lines first (`feeling_specific`), then the generic ones, so the
        generic ones do not run out by the third hard message. What it said
        that hurt her comes before anything else; then the feelings in the
        lexicon's order, the most tender first (crying before "I hate that
        I keep shutting you out")."""
        place = {term: i for i, term in enumerate(self.content.lexicon.terms)}
        ordered = sorted(
            feelings,
            key=lambda f: (f not in FEELINGS_ABOUT_IT, f in LIGHT_FEELINGS, place[f]),
        )
        for feeling in ordered:
            line = say(scenario.specific.get(feeling, {}).get(character.id))
            if line:
                return line
        return self._slotted(scenario, character, "feeling", ordered[0], say)

    def _slotted(self, scenario, character, kind, term_id, say) -> str | None:
        line = say(scenario.acknowledge[kind][character.id])
        thing = self.content.lexicon.terms[term_id].say
        return line.format(thing=thing) if line else None

    def _react(self, scenario, character, state, reading, say):
        """The character's reaction to her move (when NLU is sure of it),
        and the state with what it agreed to. A character who gives ground
        only when pushed resists a request until she insists (repeats it,
        names what it costs her, pushes back); a concession once made stays
        made."""
        move = reading.move
        facts = list(state.facts)
        if self._resists(character, state, reading):
            facts.append("requested")
            return say(scenario.resist[character.id]), replace(state, facts=facts)
        requested = self._requested(reading)
        if requested or "insisted" in facts:
            facts += requested + ["conceded_time"]
        state = replace(state, facts=list(dict.fromkeys(facts)))
        granted = [
            m
            for m, fact in REQUEST_MOVES.items()
            if fact in requested and m in scenario.reactions
        ]
        if granted and move not in REQUEST_MOVES:
            # "it matters to me, I want the referral": the reaction grants it
            return say(scenario.reactions[granted[0]].get(character.id)), state
        if move is None or move not in scenario.reactions or not reading.move_sure:
            return None, state
        if move in GENERIC_MOVES and reading.named:
            return None, state
        if move in ASKING_MOVES and reading.question is None and reading.named:
            return None, state
        if move in ANSWERED_BY_WHAT_SHE_NAMES and (
            fit := self.reader.answer_naming(reading.named, scenario)
            or self.reader.answer_naming(reversed(state.named), scenario)
        ):  # help for numb hands is not Kegels: the answer for what she named
            # now, else for what she named last before
            return say(scenario.answer(fit).say[character.id]), state
        return say(scenario.reactions[move].get(character.id)), state

    def _granted_aloud(
        self, before: State, after: State, reading: Reading, say: Callable
    ) -> str | None:
        """The reaction that agrees to a request her turn made and won
        (`before` and `after` it), when her question's answer is not
        already about that request; else None."""
        scenario, character = self._current(after)
        for move, fact in REQUEST_MOVES.items():
            about_it = {
                self.reader.answer_naming([term], scenario)
                for term, made in REQUEST_TERMS.items()
                if made == fact
            }
            if (
                fact in after.facts
                and fact not in before.facts
                and move in scenario.reactions
                and reading.question not in about_it
            ):
                return say(scenario.reactions[move][character.id])
        return None

    @staticmethod
    def _requested(reading: Reading) -> list[str]:
        """The concessions her turn asks for (by a move NLU is sure of, or
        by what she names)."""
        move = reading.move if reading.move_sure else None
        requested = [REQUEST_MOVES[move]] if move in REQUEST_MOVES else []
        return requested + [
            REQUEST_TERMS[n] for n in reading.named if n in REQUEST_TERMS
        ]

    def _resists(self, character: Character, state: State, reading: Reading) -> bool:
        """A character who gives ground only when pushed resists a first
        request, until she insists, repeats it or names what it costs her."""
        pushed = (
            "insisted" in state.facts
            or "requested" in state.facts
            or "impact" in state.named
        )
        return (
            bool(self._requested(reading))
            and character.gives_ground == "when_pushed"
            and not pushed
        )

    def _asked_again(
        self, state: State, question: Question, say, lead_in: bool = True
    ) -> str:
        """Its question once more, short: the opening's gentle nudge (not
        the scene-setting line again), else the asking part of its wording
        after a line that says it asks again ("But I'd still love to
        know."), unless `lead_in` is off."""
        scenario, character = self._current(state)
        nudge = question.nudge.get(character.id) if question.place == "first" else None
        if nudge and (line := say(nudge)):
            return line
        return composing.stitched(
            [
                say(scenario.asking_again[character.id]) if lead_in else None,
                composing.asked_part(self._wording(state, question)),
            ]
        )

    def _only_small_talk(self, reading: Reading) -> bool:
        """Her turn is small talk and tells nothing of weight, nor asks
        anything an answer fits."""
        terms = self.content.lexicon.terms
        return (
            bool(reading.named)
            and all(terms[n].category == "small_talk" for n in reading.named)
            and reading.question in (None, OTHER_ANSWER, ABOUT_YOU_ANSWER)
        )

    def _only_asked_back(
        self, state: State, new: State, question: Question, reading: Reading
    ) -> bool:
        """Her turn asks the character something and tells nothing that
        answers its question (by what `new`, the state after it, knows: the
        move she made, what she asked for; "can you send me to someone?"
        answers "what do you want me to do?"), which it has not asked again
        yet."""
        return (
            reading.question not in (None, PROPOSAL_ANSWER, CRITICISM_ANSWER)
            and not reading.named
            and not self._known(new) & set(question.covered_by)
            and not state.waited
        )

    def _answered_another(self, state: State, new: State, question: Question) -> bool:
        """Her turn (from `state` to `new`) tells something that answers
        another of the character's questions (a fact or a side effect, not
        a move or a feeling, which fit many) and nothing that answers
        `question`, which it has not asked again yet."""
        scenario = self.content.scenarios[state.scenario]
        terms = self.content.lexicon.terms
        learned = self._known(new) - self._known(state)
        told = {t for t in learned if t in terms and terms[t].category != "feelings"}
        return (
            question.place != "first"
            and bool(question.covered_by)
            and not state.waited
            and not learned & set(question.covered_by)
            and any(
                told & set(other.covered_by)
                for other in scenario.questions
                if other.id != question.id
            )
        )

    def _covers(self, state: State, question: Question) -> bool:
        return not composing.still_open(question, self._known(state), state.named)

    def _known(self, state: State) -> set[str]:
        return set(state.moves) | set(state.named) | set(state.facts)

    def _next_question(
        self, state: State, lead: str | None, just_named: bool = False
    ) -> Reply:
        """The next open question (one that refers back waits when she
        `just_named` side effects), or the closing and the recap."""
        scenario, character = self._current(state)
        order = state.order or [q.id for q in scenario.questions]
        known = self._known(state)
        open_ = [
            scenario.question(qid)
            for qid in order
            if qid not in state.asked
            and composing.still_open(scenario.question(qid), known, state.named)
        ]
        # a question that can refer back to side effects she named waits a
        # turn after she first names some: asked now, it could not ("does
        # the treatment change how you feel day to day?" right after she
        # listed how it does)
        upcoming = next(
            (q for q in open_ if not (just_named and q.ask_named)),
            open_[0] if open_ else None,
        )
        if upcoming is None:
            closing = composing.closing_line(scenario, character, known, state.said)
            closing = self.in_character(
                scenario, character, composing.stitched([lead, closing])
            )
            done = self.coach(self.app["all_asked"].format(name=character.name))
            recap = self.stop(state)
            return Reply([closing, done] + recap.messages, recap.state)
        text = composing.without_said(self._wording(state, upcoming), state.said)
        (text,), state = self._caution_once(state, [text])
        new = self._spoken(
            replace(
                state,
                question=upcoming.id,
                asked=state.asked + [upcoming.id],
                said=state.said + line_keys(text),
            ),
            text,
        )
        return Reply(
            [self.in_character(scenario, character, composing.stitched([lead, text]))],
            new,
        )

    def try_again(self, state: State) -> Reply:
        """ "Let me try that again": her last answer is taken back (from
        memory and the recap) and the character asks the same question."""
        if no_roleplay := self._reply_if_no_roleplay(state):
            return no_roleplay
        if not state.previous:
            return Reply(
                [self.coach(self.app["nothing_to_try_again"]), self._ask(state)], state
            )
        before = State(**{**state.previous, "said": state.said, "previous": None})
        return Reply([self.coach(self.app["trying_again"]), self._ask(before)], before)

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
        if "backed_down" in state.facts and "conceded_time" not in state.facts:
            feedback_text += f"\n{app['recap_backed_down']}"
        feedback = self.coach(f"{app['recap_feedback']}\n{feedback_text}")

        tips = self.coach(
            f"{app['recap_tips']}\n{bullets([t.text for t in scenario.tips])}"
        )
        return Reply([summary, feedback, tips, self._menu(app["recap_next"])], State())
