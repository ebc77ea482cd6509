"""The pieces a character's reply is made of, as pure functions: picking a
line not yet said, naming what she named, telling a real repeat of her words
from a new answer, stitching the pieces together, the order of the
questions, the closing line.

Lines are remembered by short keys (`line_keys`: the line's and each of its
longer sentences') in the conversation state, so no line, and no sentence
two lines share ("Thank you for telling me."), comes twice in one
conversation.
"""

from __future__ import annotations

import random
import re
import zlib
from collections.abc import Iterable, Sequence

from bot.core.content import Character, Lexicon, Question, Scenario

# Her answer repeats an earlier one when their words overlap this much.
REPEAT_OVERLAP = 0.7
REPEAT_MIN_WORDS = 3


# A sentence of at least this many words is remembered on its own.
SENTENCE_WORDS = 4
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _key(text: str) -> str:
    return format(zlib.crc32(text.lower().encode("utf-8")), "08x")


def line_keys(line: str) -> list[str]:
    """The keys a said line leaves in the state: its own, and those of its
    sentences long enough to be noticed when they come again."""
    sentences = [
        s for s in SENTENCE_END.split(line) if len(s.split()) >= SENTENCE_WORDS
    ]
    return list(dict.fromkeys([_key(line)] + [_key(s) for s in sentences]))


def said_before(line: str, said: Sequence[str]) -> bool:
    return any(key in said for key in line_keys(line))


def said_as_is(line: str, said: Sequence[str]) -> bool:
    """This very line was said (not just one of its sentences)."""
    return _key(line) in said


def without_said(text: str, said: Sequence[str]) -> str:
    """`text` less the sentences already said, so a question's wording does
    not repeat what the character just said; all of it if nothing is left."""
    kept = [
        s
        for s in SENTENCE_END.split(text)
        if len(s.split()) < SENTENCE_WORDS or _key(s) not in said
    ]
    return (
        " ".join(kept) if any(len(s.split()) >= SENTENCE_WORDS for s in kept) else text
    )


# Words a sentence can open with that say only "I heard you": after a piece
# with one, the next piece's opening ones are dropped ("Okay. Okay, let's
# note it" reads "Okay. Let's note it").
FILLER = (
    r"(?:okay|ok|alright|all right|right|got it|i see|sure|fine|fair enough"
    r"|understood|huh|oh|hm+|mm-hm|hey)"
)
HAS_FILLER = re.compile(rf"(?:^|[.!?]\s+){FILLER}\b", re.IGNORECASE)
LEADING_FILLERS = re.compile(rf"^(?:{FILLER}[.,!]\s*)+", re.IGNORECASE)
# Said once a reply: thanks ("Thanks for telling me straight. ... Thanks for
# being straight with me tonight.", "Thank you for telling me. ... I'm
# really glad you told me you're scared.") and a pet name ("I hear you,
# love. ... We go at your pace, love.").
THANKS = re.compile(
    r"^(?:thank you|thanks)\b|\bglad you (?:told|mentioned|brought)\b",
    re.IGNORECASE,
)
PET_NAME = re.compile(
    r",\s+(?:love|honey|hon|babe|sweetheart|darling)(?=[.!?,])", re.IGNORECASE
)


def asked_part(text: str) -> str:
    """The asking part of a question's wording, its sentences that ask:
    "Can I catch it? Like, if we kiss?" of "Okay, real question. Can I catch
    it? Like, if we kiss?"; not the aside after them ("My aunt had cancer
    and she's fine now" said again); all of it where only a lead-in asks
    ("Honestly? I kind of wish I'd known this on the first date.")."""
    sentences: list[str] = []
    for sentence in SENTENCE_END.split(text):
        # "Is sex... still okay?" is one question, "...but... is it?" two
        cut = bool(sentences) and len(sentences[-1].split()) <= 3
        if cut and sentences[-1].endswith("...") and sentence[:1].islower():
            sentences[-1] += " " + sentence
        else:
            sentences.append(sentence)
    asking = [s for s in sentences if s.endswith("?") and " " in s] or sentences
    asked = " ".join(asking)
    return asked[:1].upper() + asked[1:]  # "but... is it contagious?"


def stitched(pieces: Iterable[str | None]) -> str | None:
    """The pieces of a reply as one text, without a second "Okay" where a
    piece before it had one, a second thank-you sentence or a second pet
    name; None if nothing is left."""
    kept: list[str] = []
    for piece in filter(None, pieces):
        if any(HAS_FILLER.search(k) for k in kept):
            piece = LEADING_FILLERS.sub("", piece)
        if any(PET_NAME.search(k) for k in kept):
            piece = PET_NAME.sub("", piece)
        if any(THANKS.search(s) for k in kept for s in SENTENCE_END.split(k)):
            piece = " ".join(
                s for s in SENTENCE_END.split(piece) if not THANKS.search(s) or "?" in s
            )
        piece = piece[:1].upper() + piece[1:]
        if piece:
            kept.append(piece)
    return " ".join(kept) or None


def pick(lines: Sequence[str], said: Sequence[str], seed: int) -> str | None:
    """A line of `lines` none of whose sentences was said yet (varied by
    `seed`), or None."""
    unused = [line for line in lines if not said_before(line, said)]
    return unused[seed % len(unused)] if unused else None


def named_effects(lexicon: Lexicon, ids: Sequence[str], most: int = 2) -> list[str]:
    """The side effects among `ids`, the latest `most` of them."""
    return [i for i in ids if i in lexicon.side_effects][-most:]


def named_phrase(lexicon: Lexicon, ids: Sequence[str], most: int = 2) -> str | None:
    """ "the tiredness and the hot flashes" (and "the numbness, the
    tiredness and the hair loss" for three): the side effects among `ids`,
    the latest `most` of them."""
    effects = [lexicon.terms[i].say for i in named_effects(lexicon, ids, most)]
    if len(effects) > 2:
        return f"{', '.join(effects[:-1])} and {effects[-1]}"
    return " and ".join(effects) if effects else None


def remembered_phrase(
    lexicon: Lexicon, ids: Sequence[str], most: int = 2
) -> str | None:
    """ "the hot flashes and your diagnosis": the latest `most` things among
    `ids` that read after "you told me about" (not feelings, not small
    talk, not "that it isn't contagious")."""
    things = [
        lexicon.terms[i].say
        for i in ids
        if lexicon.terms[i].category not in ("feelings", "small_talk")
        and not lexicon.terms[i].say.startswith("that ")
    ][-most:]
    return " and ".join(things) if things else None


def caution_once(
    pieces: Sequence[str | None], words: Sequence[str], cautioned: bool
) -> tuple[list[str | None], bool]:
    """The pieces with the caution (the sentences using `words`) given only
    in the first piece that gives it, or in none if it was `cautioned`
    before; a piece that is nothing but the caution stays whole. Returns the
    pieces and whether the caution has been given."""
    kept: list[str | None] = []
    for piece in pieces:
        sentences = SENTENCE_END.split(piece) if piece else []
        cautions = [s for s in sentences if _words(s) & set(words)]
        if cautions and cautioned and len(cautions) < len(sentences):
            piece = " ".join(s for s in sentences if s not in cautions)
        cautioned = cautioned or bool(cautions)
        kept.append(piece)
    return kept, cautioned


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z']+", text.lower()))


def repeats(text: str, earlier: Iterable[str]) -> bool:
    """Her words say again what she said before (not just the same kind of
    thing): most of the words are the same."""
    words = _words(text)
    if len(words) < REPEAT_MIN_WORDS:
        return False
    for before in earlier:
        other = _words(before)
        if other and len(words & other) / len(words | other) >= REPEAT_OVERLAP:
            return True
    return False


def question_order(scenario: Scenario, seed: int) -> list[str]:
    """First questions as written, the middle ones shuffled by `seed`, then the
    last ones: each run of a character asks in its own order."""
    by_place = {
        place: [q.id for q in scenario.questions if q.place == place]
        for place in ("first", "middle", "last")
    }
    random.Random(seed).shuffle(by_place["middle"])
    return by_place["first"] + by_place["middle"] + by_place["last"]


DECLINED = "declined:"  # a fact: she declined a question on this topic
DECLINED_QUESTION = "declined question:"  # a fact: she declined this question


def declined(topics: Sequence[str]) -> list[str]:
    """The facts that say she declined a question on `topics`."""
    return [DECLINED + topic for topic in topics]


def still_open(question: Question, known: set[str], named: Sequence[str]) -> bool:
    """Worth asking: nothing she said covers it, she has not declined a
    question on its topic ("can we not talk about that" to "will you get
    better?" leaves "how long do you have?" unasked), and what it needs
    came up."""
    if known & set(question.covered_by) or known & set(declined(question.topics)):
        return False
    return not question.needs or bool(set(question.needs) & set(named))


def closing_line(
    scenario: Scenario, character: Character, known: set[str], said: Sequence[str]
) -> str:
    """The first ending whose `when` happened, or the character's closing."""
    for ending in scenario.endings:
        line = ending.say[character.id]
        if known & set(ending.when) and not said_before(line, said):
            return line
    return character.closing
