"""What the characters recognise in what she says: `bot/content/lexicon.yml`.

The things she can name (side effects, diagnosis and treatment words, what she
asks for, feelings, facts about her life), the kinds of short or hesitant
reply, kinds of question (proposing something, asking what the character
remembers, criticising it, asking about it),
backing down, insisting, saying she was not answered or heard, naming the
practice itself, and the words that make a message a command to the app.
Each is a list of spaCy Matcher patterns over lemmas; this module checks the
file's shape, `bot/core/reading.py` runs the patterns.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.content_errors import ContentError

# The kinds of thing she names, in the file's order (the top-level keys).
NAMED_CATEGORIES = (
    "side_effects",
    "diagnosis",
    "treatments",
    "requests",
    "feelings",
    "facts",
    "small_talk",
)
SHORT_KINDS = ("yes", "no", "unsure", "hesitant", "boundary")
# Kinds of question no answer's patterns or names fit, in the order tried:
# a scenario with an answer of that id gives it ("can we just eat?" is a
# proposal, "do you remember what I told you?" asks what the character
# remembers, "why are you always in such a hurry?" is a criticism, "are you
# married?" is about you).
QUESTION_KINDS = ("proposal", "remembering", "criticism", "about_you")
COMMANDS = (
    "coach",
    "stop",
    "skip",
    "repeat",
    "switch_character",
    "start_over",
    "try_again",
    "erase",
    "menu",
)

Patterns = tuple[tuple[dict, ...], ...]


@dataclass(frozen=True)
class Term:
    """Something she can name: `say` is how a character refers to it ("the
    tiredness"), used where a line has a `{thing}` slot."""

    id: str
    category: str
    say: str
    patterns: Patterns
    # words that, right after a match, make it something else ("haven't
    # slept with him" is no trouble sleeping)
    not_before: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Lexicon:
    terms: dict[str, Term]  # by id; ids are unique across categories
    short_answers: dict[str, Patterns]  # SHORT_KINDS -> patterns
    hesitant_fillers: Patterns  # "um", "wait": hesitant only in a short reply
    reticent: Patterns  # "it's private": a boundary only in a short reply
    backing_down: Patterns
    insisting: Patterns
    question_kinds: dict[str, Patterns]  # QUESTION_KINDS -> patterns
    unanswered: Patterns  # "you didn't answer me", "did you hear what I said?"
    naming_the_practice: Patterns  # "the role-play", "the session"
    asking_to_practise: Patterns  # "help me bring up ...", "role play my appointment"
    going_on: Patterns  # "I'm safe, can we go on?" while paused
    asking_for_a_demo: Patterns  # "show me an example first"
    commands: dict[str, Patterns]  # COMMANDS -> patterns

    def ids(self, category: str) -> list[str]:
        return [t.id for t in self.terms.values() if t.category == category]

    @property
    def side_effects(self) -> list[str]:
        return self.ids("side_effects")


def _patterns(spec, where: str) -> Patterns:
    patterns = (spec or {}).get("patterns") if isinstance(spec, dict) else None
    if not patterns or not all(isinstance(p, list) and p for p in patterns):
        raise ContentError(f"{where}: needs a list of patterns")
    return tuple(tuple(p) for p in patterns)


def parse_lexicon(data: dict, where: str = "lexicon.yml") -> Lexicon:
    terms: dict[str, Term] = {}
    for category in NAMED_CATEGORIES:
        for term_id, spec in (data.get(category) or {}).items():
            place = f"{where}:{category}.{term_id}"
            if term_id in terms:
                raise ContentError(
                    f"{place}: id also used in {terms[term_id].category}"
                )
            if not isinstance(spec, dict) or not str(spec.get("say") or "").strip():
                raise ContentError(f"{place}: missing 'say'")
            terms[term_id] = Term(
                id=str(term_id),
                category=category,
                say=str(spec["say"]).strip(),
                patterns=_patterns(spec, place),
                not_before=frozenset(
                    str(w).lower() for w in spec.get("not_before") or ()
                ),
            )
    if not any(t.category == "side_effects" for t in terms.values()):
        raise ContentError(f"{where}: no side_effects")

    def kinds(key: str, names: tuple[str, ...]) -> dict[str, Patterns]:
        section = data.get(key) or {}
        missing = set(names) - set(section)
        if missing:
            raise ContentError(f"{where}:{key}: missing {sorted(missing)}")
        return {
            name: _patterns(section[name], f"{where}:{key}.{name}") for name in names
        }

    return Lexicon(
        terms=terms,
        short_answers=kinds("short_answers", SHORT_KINDS),
        hesitant_fillers=_patterns(
            data.get("hesitant_fillers"), f"{where}:hesitant_fillers"
        ),
        reticent=_patterns(data.get("reticent"), f"{where}:reticent"),
        backing_down=_patterns(data.get("backing_down"), f"{where}:backing_down"),
        insisting=_patterns(data.get("insisting"), f"{where}:insisting"),
        question_kinds=kinds("question_kinds", QUESTION_KINDS),
        unanswered=_patterns(data.get("unanswered"), f"{where}:unanswered"),
        naming_the_practice=_patterns(
            data.get("naming_the_practice"), f"{where}:naming_the_practice"
        ),
        asking_to_practise=_patterns(
            data.get("asking_to_practise"), f"{where}:asking_to_practise"
        ),
        going_on=_patterns(data.get("going_on"), f"{where}:going_on"),
        asking_for_a_demo=_patterns(
            data.get("asking_for_a_demo"), f"{where}:asking_for_a_demo"
        ),
        commands=kinds("commands", COMMANDS),
    )
