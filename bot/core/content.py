"""Loads and checks the YAML content in `bot/content/`: scenarios, characters,
awkward questions, reactions, coach suggestions, tips, rubrics, Q&A topics and
interface lines.

This is the only place that reads the content files. Everything is checked on
load, so a typo in the YAML fails loudly (with the file and the key) instead of
producing a silent gap in a conversation. See docs/content.md for the schema.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.core.content_errors import ContentError
from bot.core.lexicon import (
    COMMANDS,
    NAMED_CATEGORIES,
    QUESTION_KINDS,
    SHORT_KINDS,
    Lexicon,
    parse_lexicon,
)
from bot.paths import CONTENT_DIR

SOURCES = (
    "Introduction",
    "Treatments and side effects that can interfere with intimacy and sexuality",
    "Women who've been there",
    "How to manage intimacy and sexuality issues",
    "Getting Professional Help",
    "Fertility and Metastatic Breast Cancer",
    "Practice tool",
)

COACH = "Coach"  # the speaker of everything said out of character

# The reaction keys every character must have besides the moves.
DEFAULT_REACTION = "default"
REPEATED_MOVE_REACTION = "again"

# What the engine records of a conversation besides her moves and the things
# she named; `covered_by` and `endings.when` may name them.
ENGINE_FACTS = (
    "insisted",  # she pushed back or insisted
    "backed_down",  # she gave up on a request
    "conceded_time",  # the doctor agreed to deal with it today
    "conceded_referral",
    "conceded_treatment",
    "boundary",  # she set a boundary
    "requested",  # she asked a doctor who gives ground when pushed, once
    "cautioned",  # the scenario's `caution` was given
    "from_treatment",  # she said a side effect comes from a treatment
)
# `acknowledge` keys: lines with a {thing} slot ("side_effect_again": side
# effects she named in an earlier turn that the character let pass;
# "remembered": what she told the character, when she asks whether it
# remembers).
ACKNOWLEDGE_KINDS = ("side_effect", "side_effect_again", "feeling", "remembered")
# optional: "impact", for what it does to her life when she names no side
# effect or feeling with it ("it's putting a strain on my marriage")
OPTIONAL_ACKNOWLEDGE_KINDS = ("impact",)
# `short_answers` keys: the lexicon's short kinds, and two the engine adds: a
# bare yes/no that fully answers a yes/no question, and no answer at all.
ANSWERED = "answered"
OTHER_ANSWER = "other"  # the answer to a question back that no other answer fits
# Answers to a kind of question no other answer fits ("can we just eat?"),
# where a scenario has one; the lexicon's `question_kinds` recognise them.
PROPOSAL_ANSWER, REMEMBERING_ANSWER, CRITICISM_ANSWER, ABOUT_YOU_ANSWER = QUESTION_KINDS
PATTERNLESS_ANSWERS = (OTHER_ANSWER, *QUESTION_KINDS)
GIVES_GROUND = ("readily", "when_pushed")
PLACES = ("first", "middle", "last")


@dataclass(frozen=True)
class Sourced:
    """A line of content and the section of the material it comes from."""

    text: str
    source: str


@dataclass(frozen=True)
class Character:
    """One of a scenario's people: `style` is shown on its button,
    `description` by `python -m bot scenarios`, `closing` said at the end."""

    id: str
    name: str
    style: str
    description: str
    closing: str
    # "when_pushed": agrees to a request only once she has insisted
    gives_ground: str = "readily"


@dataclass(frozen=True)
class Question:
    id: str
    source: str
    ask: dict[str, str]
    covered_by: tuple[str, ...]
    suggestions: tuple[Sourced, ...]
    insists: bool = False  # asked again until a `covered_by` move is made (or skipped)
    topics: tuple[str, ...] = ()  # Q&A topics that, said now, answer this question
    # The wording when she has named side effects: "{named}" is filled in.
    ask_named: dict[str, str] = field(default_factory=dict)
    needs: tuple[str, ...] = ()  # side effects: asked only once she named one
    yes_no: bool = False  # a bare yes or no answers it
    place: str = "middle"  # middle questions come in a varied order
    # Commands whose words answer it ("Stop, yes." to "should we just
    # stop?"): they leave the role-play only alone or naming the practice.
    command_words: tuple[str, ...] = ()
    # short kind -> character -> lines said instead of the scenario's, where
    # the scenario's would not fit ("i guess" to "is it basically the end?")
    short_answers: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    # lexicon id -> answer id: her reply to it naming the first ("I still
    # have my periods, maybe kids one day") gets the answer after it
    answered_with: dict[str, str] = field(default_factory=dict)
    # character -> lines said while an insisting question waits and her words
    # have not said what it waits for ("some issues since treatment": "what
    # kind of issues?")
    nudge: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # lexicon id -> character -> the wording once she has named it ("You
    # said it hurts. ..." rather than "Will it hurt?"), first match wins
    ask_knowing: dict[str, dict[str, str]] = field(default_factory=dict)

    def wording(
        self, character_id: str, named: str | None, known: Iterable[str] = ()
    ) -> str:
        known = set(known)
        for term, by_character in self.ask_knowing.items():
            if term in known:
                return by_character[character_id]
        if named and character_id in self.ask_named:
            return self.ask_named[character_id].format(named=named)
        return self.ask[character_id]


@dataclass(frozen=True)
class Answer:
    """What each character says when she asks it this (`patterns` recognise
    her question; none for the catch-all OTHER_ANSWER). `names`: lexicon ids
    a question fits this answer by, when no pattern fits it ("have you been
    scared?", "is there anything for the hot flashes?")."""

    id: str
    source: str
    patterns: tuple[tuple[dict, ...], ...]
    say: dict[str, tuple[str, ...]]
    names: tuple[str, ...] = ()
    # what makes a statement to the character ask this all the same: a fear
    # of its reaction said, not asked ("i hope that doesn't scare you off")
    statement_patterns: tuple[tuple[dict, ...], ...] = ()


@dataclass(frozen=True)
class Ending:
    """A closing line for when any of `when` happened in the conversation."""

    when: tuple[str, ...]
    source: str
    say: dict[str, str]


@dataclass(frozen=True)
class RubricItem:
    id: str
    praise: str
    hint: str
    source: str
    patterns: tuple[tuple[dict, ...], ...]


@dataclass(frozen=True)
class Caution:
    """A caution given in full once a conversation: later lines leave out
    their sentences with `words` (which only the caution uses), except the
    answers to the questions it answers (`answers`)."""

    words: tuple[str, ...]
    answers: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: caches key on it
class Scenario:
    id: str
    title: str
    role: str
    summary: str
    setting: str
    source: str
    characters: tuple[Character, ...]
    reactions: dict[str, dict[str, tuple[str, ...]]]
    questions: tuple[Question, ...]
    tips: tuple[Sourced, ...]
    rubric: tuple[RubricItem, ...]
    topic_moves: dict[str, str] = field(default_factory=dict)
    order: int = 100  # position in the menu
    # kind -> character -> lines with a {thing} slot (ACKNOWLEDGE_KINDS)
    acknowledge: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    # side effect or feeling -> character -> lines said instead of the
    # generic ones
    specific: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    answers: tuple[Answer, ...] = ()
    # short kind (or ANSWERED) -> character -> lines
    short_answers: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    endings: tuple[Ending, ...] = ()
    resist: dict[str, tuple[str, ...]] = field(default_factory=dict)
    backed_down: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Said before answering when she says she was not answered or heard.
    owning_up: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Said on taking back over from the coach when she has answered the
    # question waiting already (not the question word for word again).
    handback: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Said after she sets a boundary: what comes next is hers to choose.
    after_boundary: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Said to small talk that tells nothing of weight, before its question.
    small_talk: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Said before its own question, asked once more.
    asking_again: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # A caution said in full once a conversation (the estrogen caution).
    caution: Caution | None = None

    def answer(self, answer_id: str) -> Answer | None:
        return next((a for a in self.answers if a.id == answer_id), None)

    def character(self, character_id: str) -> Character | None:
        return next((c for c in self.characters if c.id == character_id), None)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


@dataclass(frozen=True)
class Topic:
    id: str
    intent: str | None  # None: reached only through a move's `topic`
    answer: str
    care_team: bool
    source: str


@dataclass(frozen=True)
class Move:
    id: str
    topic: str | None  # the Q&A topic that answers it outside a role-play
    # Its reaction answers a question that makes it ("could we just cuddle?").
    answers_questions: bool = False
    # Lexicon ids or categories one of which she must name for the character
    # to take the move as made ("thank you for telling me about the side
    # effects" only once she named one).
    evidence: tuple[str, ...] = ()
    # Lexicon ids or categories that make the move when NLU was not sure of
    # one ("cuddling maybe" suggests closeness).
    made_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Exchange:
    """One step of a demo: the character asks `question` (its wording comes
    from the scenario), the model answer makes `move` (the character's
    reaction comes from the scenario too), and the coach notes what worked."""

    question: str
    move: str
    answer: str
    note: str
    source: str


@dataclass(frozen=True)
class Demo:
    id: str
    scenario: str
    character: str
    title: str
    premise: str
    source: str
    exchanges: tuple[Exchange, ...]
    inspired_by: str | None = None


@dataclass(frozen=True)
class Content:
    app: dict[str, str]
    moves: dict[str, Move]
    topics: dict[str, Topic]
    scenarios: dict[str, Scenario]
    lexicon: Lexicon
    demos: dict[str, Demo] = field(default_factory=dict)

    def demos_for(
        self, scenario_id: str, character_id: str | None = None
    ) -> list[Demo]:
        return [
            d
            for d in self.demos.values()
            if d.scenario == scenario_id
            and (character_id is None or d.character == character_id)
        ]

    def topic_for_intent(self, intent: str) -> Topic | None:
        return next(
            (t for t in self.topics.values() if intent and t.intent == intent), None
        )

    def find_character(self, character_id: str) -> tuple[Scenario, Character] | None:
        for scenario in self.scenarios.values():
            character = scenario.character(character_id)
            if character:
                return scenario, character
        return None


def _require(data: dict, key: str, where: str):
    if not isinstance(data, dict) or key not in data or data[key] in (None, ""):
        raise ContentError(f"{where}: missing '{key}'")
    return data[key]


def _source(data: dict, where: str) -> str:
    source = _require(data, "source", where)
    if source not in SOURCES:
        raise ContentError(f"{where}: unknown source {source!r}; use one of {SOURCES}")
    return source


def _sourced_list(items, where: str, minimum: int) -> tuple[Sourced, ...]:
    items = items or []
    if len(items) < minimum:
        raise ContentError(
            f"{where}: needs at least {minimum} entries, has {len(items)}"
        )
    return tuple(
        Sourced(
            text=str(_require(item, "text", f"{where}[{i}]")).strip(),
            source=_source(item, f"{where}[{i}]"),
        )
        for i, item in enumerate(items)
    )


def _short_answer_kinds(spec) -> dict:
    """A `short_answers` section by kind. YAML 1.1 reads an unquoted `yes:`
    or `no:` key as true or false: they are read back as "yes" and "no"."""
    return {
        {True: "yes", False: "no"}.get(key, key): lines
        for key, lines in (spec or {}).items()
    }


def _lines_by_character(
    spec, where: str, ids: list[str], minimum: int = 1, slot: str | None = None
) -> dict[str, tuple[str, ...]]:
    """character id -> lines, every character with at least `minimum` lines,
    each holding `slot` ("{thing}") exactly once when one is given."""
    spec = spec or {}
    if set(spec) != set(ids):
        raise ContentError(
            f"{where}: needs lines for exactly {ids}, has {sorted(spec)}"
        )
    lines = {
        str(cid): tuple(
            str(line).strip() for line in ([ls] if isinstance(ls, str) else ls or [])
        )
        for cid, ls in spec.items()
    }
    for cid, texts in lines.items():
        if len(texts) < minimum:
            raise ContentError(f"{where}.{cid}: needs at least {minimum} lines")
        for text in texts:
            if slot and text.count(slot) != 1:
                raise ContentError(f"{where}.{cid}: {text!r} needs {slot} once")
    return lines


def _lexicon_ids(names, where: str, lexicon: Lexicon) -> tuple[str, ...]:
    unknown = sorted(set(names or ()) - set(lexicon.terms))
    if unknown:
        raise ContentError(f"{where}: {unknown} are not in lexicon.yml")
    return tuple(names or ())


def _load_yaml(path: Path) -> dict:
    try:
        with path.open(encoding="utf-8") as handle:
            # libyaml's loader where installed: the content is a few hundred KB
            data = yaml.load(
                handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
            )
    except yaml.YAMLError as error:
        raise ContentError(f"{path.name}: not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise ContentError(f"{path.name}: expected a mapping at the top level")
    return data


def _parse_scenario(
    data: dict,
    where: str,
    moves: dict[str, Move],
    topics: dict[str, Topic],
    lexicon: Lexicon,
) -> Scenario:
    characters = tuple(
        Character(
            id=str(_require(c, "id", f"{where}.characters[{i}]")),
            name=str(_require(c, "name", f"{where}.characters[{i}]")),
            style=str(_require(c, "style", f"{where}.characters[{i}]")),
            description=str(
                _require(c, "description", f"{where}.characters[{i}]")
            ).strip(),
            closing=str(_require(c, "closing", f"{where}.characters[{i}]")).strip(),
            gives_ground=str(c.get("gives_ground", "readily")),
        )
        for i, c in enumerate(_require(data, "characters", where))
    )
    if len(characters) < 3:
        raise ContentError(f"{where}: needs at least three characters")
    ids = [c.id for c in characters]
    for character in characters:
        if character.gives_ground not in GIVES_GROUND:
            raise ContentError(
                f"{where}: {character.id}.gives_ground must be one of {GIVES_GROUND}"
            )
    known = set(moves) | set(lexicon.terms) | set(ENGINE_FACTS)

    def check_known(names, place: str) -> tuple[str, ...]:
        unknown = set(names or ()) - known
        if unknown:
            raise ContentError(
                f"{place}: {sorted(unknown)} are no move, lexicon id or engine fact"
            )
        return tuple(names or ())

    reactions: dict[str, dict[str, tuple[str, ...]]] = {}
    for key, by_character in _require(data, "reactions", where).items():
        if key not in moves and key not in (DEFAULT_REACTION, REPEATED_MOVE_REACTION):
            raise ContentError(f"{where}.reactions: {key!r} is not a move in moves.yml")
        missing = set(ids) - set(by_character or {})
        if key in (DEFAULT_REACTION, REPEATED_MOVE_REACTION) and missing:
            raise ContentError(
                f"{where}.reactions.{key}: no line for {sorted(missing)}"
            )
        reactions[key] = {
            cid: tuple(
                str(line).strip()
                for line in ([lines] if isinstance(lines, str) else lines)
            )
            for cid, lines in (by_character or {}).items()
        }
        unknown = set(reactions[key]) - set(ids)
        if unknown:
            raise ContentError(
                f"{where}.reactions.{key}: unknown characters {sorted(unknown)}"
            )
    for key in (DEFAULT_REACTION, REPEATED_MOVE_REACTION):
        if key not in reactions:
            raise ContentError(f"{where}.reactions: missing '{key}'")

    questions = []
    for i, q in enumerate(_require(data, "questions", where)):
        qwhere = f"{where}.questions[{i}]"
        ask = {
            str(k): str(v).strip()
            for k, v in (_require(q, "ask", qwhere) or {}).items()
        }
        if set(ask) != set(ids):
            raise ContentError(
                f"{qwhere}.ask: needs exactly one line for each of {ids}"
            )
        covered_by = check_known(q.get("covered_by"), f"{qwhere}.covered_by")
        needs = tuple(q.get("needs") or ())
        if set(needs) - set(lexicon.side_effects):
            raise ContentError(f"{qwhere}.needs: only side effects, got {needs}")
        ask_named = {
            str(k): str(v).strip() for k, v in (q.get("ask_named") or {}).items()
        }
        for cid, text in ask_named.items():
            if cid not in ids or text.count("{named}") != 1:
                raise ContentError(f"{qwhere}.ask_named.{cid}: needs {{named}} once")
        place = str(q.get("place", "middle"))
        if place not in PLACES:
            raise ContentError(f"{qwhere}.place: one of {PLACES}")
        command_words = tuple(q.get("command_words") or ())
        if set(command_words) - set(COMMANDS):
            raise ContentError(f"{qwhere}.command_words: one of {COMMANDS}")
        short = _short_answer_kinds(q.get("short_answers"))
        nudge = (
            _lines_by_character(q["nudge"], f"{qwhere}.nudge", ids)
            if q.get("nudge")
            else {}
        )
        if nudge and not q.get("insists"):
            raise ContentError(f"{qwhere}.nudge: only a question that insists")
        ask_knowing = {}
        for term, by_character in (q.get("ask_knowing") or {}).items():
            if term not in lexicon.terms:
                raise ContentError(f"{qwhere}.ask_knowing: unknown lexicon id {term}")
            if set(by_character or {}) != set(ids):
                raise ContentError(
                    f"{qwhere}.ask_knowing.{term}: one line for each of {ids}"
                )
            ask_knowing[str(term)] = {
                str(k): str(v).strip() for k, v in by_character.items()
            }
        if set(short) - set(SHORT_KINDS + (ANSWERED,)):
            raise ContentError(f"{qwhere}.short_answers: unknown kinds {set(short)}")
        questions.append(
            Question(
                id=str(_require(q, "id", qwhere)),
                source=_source(q, qwhere),
                ask=ask,
                covered_by=covered_by,
                suggestions=_sourced_list(
                    q.get("suggestions"), f"{qwhere}.suggestions", 2
                ),
                insists=bool(q.get("insists", False)),
                topics=tuple(q.get("topics") or ()),
                ask_named=ask_named,
                needs=needs,
                yes_no=bool(q.get("yes_no", False)),
                place=place,
                command_words=command_words,
                nudge=nudge,
                ask_knowing=ask_knowing,
                answered_with={
                    str(term): str(answer)
                    for term, answer in (q.get("answered_with") or {}).items()
                },
                short_answers={
                    kind: _lines_by_character(
                        lines, f"{qwhere}.short_answers.{kind}", ids
                    )
                    for kind, lines in short.items()
                },
            )
        )
    if not questions:
        raise ContentError(f"{where}: needs at least one question")

    rubric = []
    for i, r in enumerate(_require(data, "rubric", where)):
        rwhere = f"{where}.rubric[{i}]"
        patterns = tuple(tuple(p) for p in _require(r, "patterns", rwhere))
        rubric.append(
            RubricItem(
                id=str(_require(r, "id", rwhere)),
                praise=str(_require(r, "praise", rwhere)).strip(),
                hint=str(_require(r, "hint", rwhere)).strip(),
                source=_source(r, rwhere),
                patterns=patterns,
            )
        )

    for question in questions:
        unknown = set(question.topics) - set(topics)
        if unknown:
            raise ContentError(
                f"{where}: question {question.id!r} names unknown topics "
                f"{sorted(unknown)}"
            )

    topic_moves = dict(data.get("topic_moves") or {})
    for topic_id, move in topic_moves.items():
        if topic_id not in topics or move not in moves:
            raise ContentError(
                f"{where}.topic_moves: {topic_id!r} -> {move!r} "
                "names an unknown topic or move"
            )

    listening = _parse_listening(data, where, ids, lexicon, check_known)
    answer_ids = {answer.id for answer in listening["answers"]}
    for question in questions:
        for term, answer in question.answered_with.items():
            if term not in lexicon.terms or answer not in answer_ids:
                raise ContentError(
                    f"{where}.questions.{question.id}.answered_with: {term!r} -> "
                    f"{answer!r} names an unknown lexicon id or answer"
                )
    for character in characters:
        if character.gives_ground == "when_pushed" and not listening["resist"].get(
            character.id
        ):
            raise ContentError(
                f"{where}.resist: {character.id} gives ground when pushed"
            )
    return Scenario(
        id=str(_require(data, "id", where)),
        title=str(_require(data, "title", where)),
        role=str(_require(data, "role", where)),
        summary=str(_require(data, "summary", where)).strip(),
        setting=str(_require(data, "setting", where)).strip(),
        source=_source(data, where),
        characters=characters,
        reactions=reactions,
        questions=tuple(questions),
        tips=_sourced_list(data.get("tips"), f"{where}.tips", 1),
        rubric=tuple(rubric),
        topic_moves=topic_moves,
        order=int(data.get("order", 100)),
        **listening,
    )


def _caution(spec, where: str) -> Caution | None:
    if spec is None:
        return None
    words = tuple(str(w).lower() for w in (spec or {}).get("words") or ())
    if not words:
        raise ContentError(f"{where}: needs `words`")
    return Caution(words, tuple(str(a) for a in spec.get("answers") or ()))


def _parse_listening(data: dict, where: str, ids, lexicon: Lexicon, check_known):
    """The sections that let a character listen (docs/content.md): lines that
    acknowledge what she named, answers to her questions, reactions to short
    replies, endings, and a doctor's resisting and moving on."""
    acknowledge = data.get("acknowledge") or {}
    for key in acknowledge:
        if key not in ACKNOWLEDGE_KINDS + OPTIONAL_ACKNOWLEDGE_KINDS + (
            "side_effect_specific",
            "feeling_specific",
            "request_specific",
        ):
            raise ContentError(f"{where}.acknowledge: unknown kind {key!r}")
    specific = {}
    feelings = {t for t, term in lexicon.terms.items() if term.category == "feelings"}
    requests = {t for t, term in lexicon.terms.items() if term.category == "requests"}
    for kind, allowed, what in (
        ("side_effect_specific", lexicon.side_effects, "side effect"),
        ("feeling_specific", feelings, "feeling"),
        ("request_specific", requests, "request"),
    ):
        for term_id, spec in (acknowledge.get(kind) or {}).items():
            if term_id not in allowed:
                raise ContentError(f"{where}.acknowledge: {term_id!r} is no {what}")
            specific[term_id] = _lines_by_character(
                spec, f"{where}.acknowledge.{kind}.{term_id}", ids
            )
    answers = []
    for i, spec in enumerate(_require(data, "answers", where)):
        place = f"{where}.answers[{i}]"
        answer_id = str(_require(spec, "id", place))
        patterns = tuple(tuple(p) for p in spec.get("patterns") or ())
        if bool(patterns) == (answer_id in PATTERNLESS_ANSWERS):
            raise ContentError(
                f"{place}: patterns for every answer but {PATTERNLESS_ANSWERS}"
            )
        answers.append(
            Answer(
                id=answer_id,
                source=_source(spec, place) if patterns else "Practice tool",
                patterns=patterns,
                say=_lines_by_character(spec.get("say"), f"{place}.say", ids, 2),
                names=_lexicon_ids(spec.get("names"), f"{place}.names", lexicon),
                statement_patterns=tuple(
                    tuple(p) for p in spec.get("statement_patterns") or ()
                ),
            )
        )
    if OTHER_ANSWER not in [a.id for a in answers]:
        raise ContentError(f"{where}.answers: needs an {OTHER_ANSWER!r} answer")
    short = _short_answer_kinds(data.get("short_answers"))
    endings = tuple(
        Ending(
            when=check_known(_require(e, "when", f"{where}.endings[{i}]"), where),
            source=_source(e, f"{where}.endings[{i}]"),
            say={str(k): str(v).strip() for k, v in _require(e, "say", where).items()},
        )
        for i, e in enumerate(data.get("endings") or [])
    )
    for ending in endings:
        if set(ending.say) != set(ids):
            raise ContentError(f"{where}.endings: each needs a line for {ids}")
    pushed = data.get("resist") or {}
    return dict(
        acknowledge={
            kind: _lines_by_character(
                acknowledge.get(kind), f"{where}.acknowledge.{kind}", ids, 2, "{thing}"
            )
            for kind in ACKNOWLEDGE_KINDS
            + tuple(k for k in OPTIONAL_ACKNOWLEDGE_KINDS if k in acknowledge)
        },
        specific=specific,
        answers=tuple(answers),
        short_answers={
            kind: _lines_by_character(
                short.get(kind), f"{where}.short_answers.{kind}", ids, 2
            )
            for kind in SHORT_KINDS + (ANSWERED,)
        },
        endings=endings,
        resist={str(k): tuple(str(x).strip() for x in v) for k, v in pushed.items()},
        backed_down=(
            _lines_by_character(data["backed_down"], f"{where}.backed_down", ids, 2)
            if data.get("backed_down")
            else {}
        ),
        owning_up=_lines_by_character(
            data.get("owning_up"), f"{where}.owning_up", ids, 2
        ),
        handback=_lines_by_character(data.get("handback"), f"{where}.handback", ids, 2),
        after_boundary=_lines_by_character(
            data.get("after_boundary"), f"{where}.after_boundary", ids, 2
        ),
        small_talk=_lines_by_character(
            data.get("small_talk"), f"{where}.small_talk", ids, 2
        ),
        asking_again=_lines_by_character(
            data.get("asking_again"), f"{where}.asking_again", ids, 2
        ),
        caution=_caution(data.get("caution"), f"{where}.caution"),
    )


def _parse_demo(data: dict, where: str, scenarios: dict[str, Scenario]) -> Demo:
    scenario = scenarios.get(_require(data, "scenario", where))
    if scenario is None:
        raise ContentError(f"{where}: unknown scenario {data['scenario']!r}")
    character = str(_require(data, "character", where))
    if scenario.character(character) is None:
        raise ContentError(f"{where}: {scenario.id} has no character {character!r}")
    exchanges = []
    for i, spec in enumerate(_require(data, "exchanges", where)):
        place = f"{where}.exchanges[{i}]"
        question, move = (
            str(_require(spec, "question", place)),
            str(_require(spec, "move", place)),
        )
        if scenario.question(question) is None:
            raise ContentError(f"{place}: {scenario.id} has no question {question!r}")
        if move not in scenario.reactions:
            raise ContentError(
                f"{place}: {scenario.id} has no reactions to the move {move!r}"
            )
        exchanges.append(
            Exchange(
                question=question,
                move=move,
                answer=" ".join(str(_require(spec, "answer", place)).split()),
                note=" ".join(str(_require(spec, "note", place)).split()),
                source=_source(spec, place),
            )
        )
    return Demo(
        id=str(_require(data, "id", where)),
        scenario=scenario.id,
        character=character,
        title=str(_require(data, "title", where)).strip(),
        premise=" ".join(str(_require(data, "premise", where)).split()),
        source=_source(data, where),
        exchanges=tuple(exchanges),
        inspired_by=(
            " ".join(str(data["inspired_by"]).split())
            if data.get("inspired_by")
            else None
        ),
    )


def load_content(directory: Path = CONTENT_DIR) -> Content:
    """Reads and checks every content file under `directory`."""
    app = {str(k): str(v).strip() for k, v in _load_yaml(directory / "app.yml").items()}

    lexicon = parse_lexicon(_load_yaml(directory / "lexicon.yml"))
    moves = {
        move_id: Move(
            id=move_id,
            topic=spec.get("topic"),
            answers_questions=bool(spec.get("answers_questions", False)),
            evidence=tuple(spec.get("evidence") or ()),
            made_by=tuple(spec.get("made_by") or ()),
        )
        for move_id, spec in _require(
            _load_yaml(directory / "moves.yml"), "moves", "moves.yml"
        ).items()
    }
    for move in moves.values():
        for key in ("evidence", "made_by"):
            unknown = (
                set(getattr(move, key))
                - set(lexicon.terms)
                - set(NAMED_CATEGORIES)
                - set(SHORT_KINDS)
            )
            if unknown:
                raise ContentError(f"moves.yml:{move.id}.{key}: unknown {unknown}")

    topics = {}
    for topic_id, spec in _require(
        _load_yaml(directory / "topics.yml"), "topics", "topics.yml"
    ).items():
        where = f"topics.yml:{topic_id}"
        topics[topic_id] = Topic(
            id=topic_id,
            intent=spec.get("intent"),
            answer=str(_require(spec, "answer", where)).strip(),
            care_team=bool(spec.get("care_team", False)),
            source=_source(spec, where),
        )
    for move in moves.values():
        if move.topic and move.topic not in topics:
            raise ContentError(f"moves.yml:{move.id}: unknown topic {move.topic!r}")

    scenarios: dict[str, Scenario] = {}
    seen_characters: dict[str, str] = {}
    for path in sorted((directory / "scenarios").glob("*.yml")):
        scenario = _parse_scenario(_load_yaml(path), path.name, moves, topics, lexicon)
        if scenario.id in scenarios:
            raise ContentError(
                f"{path.name}: scenario id {scenario.id!r} is used twice"
            )
        for character in scenario.characters:
            if character.id in seen_characters:
                raise ContentError(
                    f"{path.name}: character id {character.id!r} is also used in "
                    f"{seen_characters[character.id]}"
                )
            seen_characters[character.id] = path.name
        scenarios[scenario.id] = scenario
    if not scenarios:
        raise ContentError(f"no scenarios found in {directory / 'scenarios'}")
    in_menu_order = dict(
        sorted(scenarios.items(), key=lambda item: (item[1].order, item[0]))
    )

    demos: dict[str, Demo] = {}
    for path in sorted((directory / "demos").glob("*.yml")):
        demo = _parse_demo(_load_yaml(path), path.name, in_menu_order)
        if demo.id != path.stem:
            raise ContentError(
                f"{path.name}: id {demo.id!r} differs from the file name"
            )
        demos[demo.id] = demo

    def in_character_order(demo: Demo):
        scenario = in_menu_order[demo.scenario]
        return (
            list(in_menu_order).index(scenario.id),
            scenario.characters.index(scenario.character(demo.character)),
            demo.id,
        )

    by_scenario = {d.id: d for d in sorted(demos.values(), key=in_character_order)}
    return Content(
        app=app,
        moves=moves,
        topics=topics,
        scenarios=in_menu_order,
        lexicon=lexicon,
        demos=by_scenario,
    )


@functools.cache
def content() -> Content:
    """The bundled content, loaded once per process."""
    return load_content()


def all_lines(scenario: Scenario) -> list[str]:
    """Every line a scenario can say, for content checks in tests."""
    lines = [scenario.setting] + [c.closing for c in scenario.characters]
    lines += [
        line
        for by_character in scenario.reactions.values()
        for ls in by_character.values()
        for line in ls
    ]
    for question in scenario.questions:
        lines += list(question.ask.values()) + [s.text for s in question.suggestions]
    lines += [t.text for t in scenario.tips]
    for question in scenario.questions:
        lines += list(question.ask_named.values())
    groups = [*scenario.acknowledge.values(), *scenario.specific.values()]
    groups += [a.say for a in scenario.answers] + list(scenario.short_answers.values())
    groups += [scenario.resist, scenario.backed_down]
    lines += [line for group in groups for ls in group.values() for line in ls]
    lines += [line for ending in scenario.endings for line in ending.say.values()]
    return lines
