"""Reading her turn for several things at once: what she names, whether it is
a short or hesitant reply, a question to the character, backing down,
insisting, a command, and her move.

A `Turn` is everything NLU found (the intent ranking with confidences, the
entities, the text); a `Reading` is what the character makes of it. The words
come from `bot/content/lexicon.yml` and each scenario's `answers`, matched
with spaCy over lemmas (bot/core/lemmas.py); the engine decides what to say.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.matcher import Matcher

from bot.core.content import (
    ABOUT_YOU_ANSWER,
    OTHER_ANSWER,
    PATTERNLESS_ANSWERS,
    PROPOSAL_ANSWER,
    REMEMBERING_ANSWER,
    Content,
    Scenario,
)
from bot.core.lemmas import CLAUSE_BREAKS, denied_after, negated, pipeline

# A short reply is short: at most this many words (yes, no, unsure) ...
SHORT_WORDS = 6
# ... or this many for hesitating or setting a boundary ("ok give me a
# second, this is hard to say", "yes, there's something I wanted to bring
# up but I'm not sure how to start").
HESITANT_WORDS = 20
# A boundary put as a question is a boundary up to this many words ("can we
# not talk about that part?"); in a longer question, "off limits" is asked
# about ("could I use that, or is it off limits for me?").
BOUNDARY_QUESTION_WORDS = 14
# A hesitating sound ("um", "wait") makes a reply hesitant only when it is
# short (at most SHORT_WORDS words); a reticent word ("it's private") makes
# a short reply a boundary and a longer one hesitant.
FILLER = "filler"
RETICENT = "reticent"
# Words before a reticent one that make it her reason, not a refusal.
REASON_WORDS = frozenset("because cause 'cause since coz cuz as".split())
# Words just before boundary words that make them no boundary of hers now:
# a case put ("if I say not tonight") or the character's words quoted back
# ("what do you mean leave it alone?").
NOT_NOW_BEFORE = frozenset("if when whenever mean meant".split())
NOT_NOW_REACH = 3  # tokens before the boundary words (or the feeling)
# A statement pattern that opens with one of these is about her and someone
# else, and is said to the character without a "you" in it.
OTHERS_AND_US = frozenset("he she they we partner husband wife".split())
# Words just before a feeling that make it a case put, not felt now.
WOULD_WORDS = frozenset(["would", "'d", "d", "id", "i'd", "wd"])
# Feelings told by what someone else did to her ("my girlfriend broke up with
# me"): hers, though someone else comes before it; not a case put ("if he
# left me").
TOLD_BY_WHAT_OTHERS_DID = frozenset({"left_before"})
CASE_WORDS = frozenset({"if", "unless"})
# In this order when several match: "no, idk" is unsure, "yes but can we
# not" a boundary.
SHORT_PRIORITY = ("boundary", "hesitant", "unsure", "no", "yes")
# A sentence is a question when it ends with "?", starts with an auxiliary
# ("do you ...", "is it ..."), or starts with a wh-word followed by one
# ("how are ...", "what's ..."; not "what I need is ...").
AUXILIARIES = frozenset(
    "do does did are is am was were will would can could should shall have has "
    "may 's 're 'd 'll".split()
)
# ... but not when the word after the auxiliary shows its subject was dropped
# ("could be a long time", "don't know", "have been tired").
NO_SUBJECT = frozenset(
    "be been being have had get got go going gone do done not n't nt never "
    "also just really probably maybe definitely totally always so".split()
)
WH_WORDS = frozenset("what how why when where who which".split())
# "which meds can I take", "how many milligrams should I take": a question
# word, a word or two that are not a person, then the auxiliary.
ASKING_WH_WORDS = frozenset("what which how whose".split())
PERSON_WORDS = frozenset("i you he she we they it me my".split())
# Tags that leave a statement a statement ("..., you know?", "..., right?").
TAG_QUESTIONS = (
    ("you", "know"),
    ("ya", "know"),
    ("y'know",),
    ("right",),
    ("know", "what", "i", "mean"),
)
# Openings that announce what she is about to say, not a question to answer
# ("guess what?"; "you know what the nurse told me?" when something was told
# or happened, not "you know what a dilator is?"; "did you know octopuses
# have three hearts?" is a fact told).
ANNOUNCING_OPENINGS = (
    ("guess", "what"),
    ("want", "to", "know", "something"),
    ("did", "you", "know"),
    ("did", "u", "know"),
)
TELLING_OPENINGS = (("you", "know", "what"), ("you", "know", "who"), ("know", "what"))
TELLING_WORDS = frozenset(
    "told tells said says asked asks did happened called texted wrote found".split()
)
# Words a question can open with before its auxiliary or wh-word.
LEADING_WORDS = frozenset("and but so also oh ok okay well then hey".split())
# "... to know if", "I wonder whether": a question put as a statement.
INDIRECT_QUESTION_WORDS = frozenset("if whether what how why when who".split())
SECOND_PERSON = frozenset({"you", "you're", "your", "u", "ur", "youre"})
# Words by which a question points back to what she said before it.
POINTING_BACK = frozenset("that it this those these them they one".split())
FULL_QUESTION_WORDS = 5
SURPRISE = frozenset("what huh sorry pardon eh really seriously wait".split())
# Words that make a question about the character, whatever else it names.
OF_YOURSELF = frozenset("yourself personally".split())
# Words between "you" and what is said of the character ("you seem really
# tired", "you're a bit scared", "do you get hot flashes?").
SAID_OF_YOU = frozenset(
    "seem seems seemed look looks looked sound sounds feel are 're were must be "
    "so too a bit little kind of kinda really very also get getting".split()
)
FIRST_PERSON = frozenset({"i", "me", "my", "myself", "im", "we", "us", "our"})
# Someone else's feelings are not hers ("she's scared of hurting me", "my
# husband feels guilty").
THIRD_PERSON = frozenset(
    "he she they he's she's they're his their husband wife partner boyfriend "
    "girlfriend sister brother mom mum mother dad father parents friend "
    "friends family son daughter aunt uncle ex boss".split()
)
# Stopping or skipping said of someone else's doing is no command ("if I say
# pause you just stop", "he'd stop if I asked"; "can you help me word it"
# still asks the coach).
SOMEONE_ELSES = frozenset(
    "you u he she they him her would 'd will 'll if when say says said".split()
)
# Other people, as a feeling's owner ("most people freak out")
PEOPLE = frozenset(
    "people nobody everyone everybody someone somebody anyone others".split()
)
# How far back a "not" reaches ("it's not that I'm tired": four tokens).
NEGATION_WINDOW = 5
# A move counts when NLU gives it at least this much confidence ...
MOVE_CONFIDENCE = 0.2
# ... and the character takes it as made (reacts to it: "Phew. Thank you",
# "I'd like that"; remembers it) only when NLU is at least this sure and she
# named what the move needs as evidence, if anything (moves.yml).
REACTION_CONFIDENCE = 0.5


@dataclass(frozen=True)
class Turn:
    """What NLU found in one message: the intent ranking, best first, the
    entities (as Rasa gives them) and the text."""

    text: str
    intents: tuple[tuple[str, float], ...] = ()
    entities: tuple[dict, ...] = ()

    @property
    def intent(self) -> str | None:
        return self.intents[0][0] if self.intents else None

    def confidence(self, intent: str) -> float:
        return next((c for name, c in self.intents if name == intent), 0.0)


@dataclass(frozen=True)
class Reading:
    text: str
    named: tuple[str, ...]  # lexicon ids, in the order she said them
    short: str | None  # one of SHORT_KINDS: a short or hesitant reply
    question: str | None  # the answer id of her question to the character
    move: str | None  # her move (moves.yml), from the intent ranking
    commands: frozenset[str]  # lexicon commands whose words she used
    backs_down: bool
    insists: bool
    unanswered: bool = False  # "you didn't answer me", "did you hear me?"
    # lexicon ids she says are not so ("I never said sex hurts", "it's not
    # that I'm tired"): taken back from what she named before
    denied: tuple[str, ...] = ()
    move_sure: bool = True  # `move` is taken as made: reacted to, remembered
    # a boundary said in a long reply ("... can we talk about something else
    # for a sec, i feel like im gonna cry"): answered, then the character waits
    pauses: bool = False
    # the answer id of a second question she asked in another sentence, on
    # something else ("...someone who knows about this? and is there
    # something for the numbness?"), answered after the first
    also_asked: str | None = None
    # her first question (not "did you hear me?") is a whole one of five
    # words or more ("can sex make the cancer spread?"), not "and sex?"
    asks_in_full: bool = False
    # her reply opens with a no ("No, my periods stopped when I started
    # treatment..."), however long it goes on
    opens_with_no: bool = False
    # what her questions themselves name ("what can I take for the hot
    # flashes?"; nothing in "is it hot in here?" beside "the hormone therapy
    # gives me hot flashes")
    asked_about: tuple[str, ...] = ()


class Reader:
    def __init__(self, content: Content):
        self.content = content
        self.lexicon = content.lexicon
        self.nlp = pipeline()
        self.terms = self._matcher(
            (term.id, term.patterns) for term in self.lexicon.terms.values()
        )
        self.signals = self._matcher(
            [(f"short:{kind}", p) for kind, p in self.lexicon.short_answers.items()]
            + [(f"short:{FILLER}", self.lexicon.hesitant_fillers)]
            + [(f"short:{RETICENT}", self.lexicon.reticent)]
            + [(f"command:{c}", p) for c, p in self.lexicon.commands.items()]
            + [
                ("backing_down", self.lexicon.backing_down),
                ("insisting", self.lexicon.insisting),
                ("unanswered", self.lexicon.unanswered),
                ("naming_the_practice", self.lexicon.naming_the_practice),
                ("asking_to_practise", self.lexicon.asking_to_practise),
                ("going_on", self.lexicon.going_on),
                ("asking_for_a_demo", self.lexicon.asking_for_a_demo),
            ]
        )
        self.question_kinds = self._matcher(self.lexicon.question_kinds.items())
        self.answers = {
            scenario.id: self._matcher(
                (a.id, a.patterns) for a in scenario.answers if a.patterns
            )
            for scenario in content.scenarios.values()
        }
        self.names = {
            scenario.id: names_to_call(scenario)
            for scenario in content.scenarios.values()
        }
        self.said_answers = {
            scenario.id: self._matcher(
                (a.id, a.statement_patterns)
                for a in scenario.answers
                if a.statement_patterns
            )
            for scenario in content.scenarios.values()
        }
        self.answer_rank = {
            scenario.id: {a.id: i for i, a in enumerate(scenario.answers)}
            for scenario in content.scenarios.values()
        }
        # The answer a question fits by what it names, when no pattern fits
        # (built last answer first, so the first answer naming a term wins).
        self.answer_by_name = {
            scenario.id: {
                name: a.id for a in reversed(scenario.answers) for name in a.names
            }
            for scenario in content.scenarios.values()
        }

    def _matcher(self, entries: Iterable[tuple[str, tuple]]) -> Matcher:
        matcher = Matcher(self.nlp.vocab, validate=True)
        for key, patterns in entries:
            matcher.add(key, [list(p) for p in patterns])
        return matcher

    def _matches(self, matcher: Matcher, doc) -> list[tuple[str, int, int]]:
        """(key, start, end) in the order they appear, negated ones dropped."""
        return self._matches_and_negated(matcher, doc)[0]

    def _matches_and_negated(self, matcher: Matcher, doc):
        """The matches, negated ones dropped, and the keys of those dropped."""
        found = sorted(matcher(doc), key=lambda m: (m[1], m[2]))
        strings = self.nlp.vocab.strings
        kept, dropped = [], []
        for key, start, end in found:
            if negated(doc, start, end, window=NEGATION_WINDOW) or denied_after(
                doc, end
            ):
                dropped.append(strings[key])
            else:
                kept.append((strings[key], start, end))
        return kept, dropped

    def _doc(self, text: str):
        # Phones type curly apostrophes; the patterns have straight ones.
        return self.nlp(text.lower().replace("\u2019", "'").replace("\u2018", "'"))

    def names_in(self, text: str) -> list[str]:
        """The lexicon ids `text` names, in order, negated ones left out."""
        doc = self._doc(text)
        return list(dict.fromkeys(k for k, _, _ in self._matches(self.terms, doc)))

    def _signals_in(self, text: str) -> set[str]:
        return {key for key, _, _ in self._matches(self.signals, self._doc(text))}

    def commands_in(self, text: str) -> frozenset[str]:
        """The commands whose words `text` uses."""
        doc = self._doc(text)
        found = [(key, start) for key, start, _ in self._matches(self.signals, doc)]
        return self._commands(doc, found, sum(t.is_alpha for t in doc))

    @staticmethod
    def _commands(doc, found: list[tuple[str, int]], words: int) -> frozenset[str]:
        """The commands among the signals `found` (key, start), less those
        said of someone else's doing ("you just stop") and, in a longer
        reply, "what?" but where it closes the reply ("what? no, I don't
        want to skip it, I asked for a referral" is no request to hear the
        question again; "...the meds wreck my stomach. Anyway, what were we
        talking about?" is)."""
        return frozenset(
            key.split(":", 1)[1]
            for key, start in found
            if key.startswith("command:")
            and not (
                key == "command:repeat"
                and words > SHORT_WORDS
                and not _closes(doc, start)
            )
            and not (
                key in ("command:stop", "command:skip")
                and start
                and doc[start - 1].lower_ in SOMEONE_ELSES
            )
        )

    def names_the_practice(self, text: str) -> bool:
        """ "stop the role-play", "end the session": about the practice."""
        return "naming_the_practice" in self._signals_in(text)

    def asks_to_practise(self, text: str) -> bool:
        """ "help me bring up ...", "I want to talk to him about it", "role
        play my appointment": a request to rehearse a conversation, not to
        watch one ("show me an example of telling a date")."""
        found = self._signals_in(text)
        return "asking_to_practise" in found and "asking_for_a_demo" not in found

    def says_go_on(self, text: str) -> bool:
        """ "I'm safe, can we go on?", "it was a figure of speech": going on
        after a pause, and no word of stopping ("I'm fine, let's stop")."""
        found = self._signals_in(text)
        return "going_on" in found and "command:stop" not in found

    def read(self, turn: Turn, scenario: Scenario) -> Reading:
        doc = self._doc(turn.text)
        move, confidence = self._move(turn, scenario)
        terms, negated_terms = self._matches_and_negated(self.terms, doc)
        terms = [
            (key, start, end)
            for key, start, end in terms
            if not (
                end < len(doc) and doc[end].lower_ in self.lexicon.terms[key].not_before
            )
        ]
        mentioned = {key for key, _, _ in terms}
        named = list(
            dict.fromkeys(
                key for key, start, _ in terms if not self._not_hers(key, doc, start)
            )
        )
        named += [
            e["value"]
            for e in turn.entities
            if e.get("value") in self.lexicon.terms and e["value"] not in named
        ]
        found = [
            (key, start)
            for key, start, _ in self._matches(self.signals, doc)
            # "... because it's personal" gives her reason
            if not (
                key == f"short:{RETICENT}"
                and start
                and doc[start - 1].lower_ in REASON_WORDS
            )
            # a case put or words quoted back ("if I say not tonight",
            # "what do you mean leave it alone?"), not said now
            and not (
                key == "short:boundary" and _just_after(doc, start, NOT_NOW_BEFORE)
            )
        ]
        signals = {key for key, _ in found}
        words = sum(t.is_alpha for t in doc)
        commands = self._commands(doc, found, words)
        question = self._question(doc, terms, scenario)
        also_asked = self._second_question(doc, terms, scenario, question)
        if commands and question in PATTERNLESS_ANSWERS:
            question = None  # "what should I say?" is for the coach
        kinds = {k.split(":", 1)[1] for k in signals if k.startswith("short:")}
        if "insisting" in signals:
            kinds.discard("boundary")  # "I'd rather not wait until next time"
        if (question in PATTERNLESS_ANSWERS and kinds & {"boundary", "hesitant"}) or (
            "boundary" in kinds and words <= BOUNDARY_QUESTION_WORDS
        ):  # "can we not talk about that?" sets a boundary
            question = None
        short = None
        if not (question or commands):
            # A boundary stands whatever it names ("can we not do the future
            # stuff"); hesitating, unless she named a side effect all the
            # same; yes, no and unsure only when she named nothing of weight.
            # A longer reply that names something besides a feeling is
            # telling it, however it starts ("It's a lot. I've started
            # avoiding my husband in bed").
            categories = {self.lexicon.terms[n].category for n in named}
            telling = categories - {"feelings"} and words > SHORT_WORDS
            # a side effect or the diagnosis named is told, however shyly
            # ("um. i have cancer")
            if categories & {"side_effects", "diagnosis"} or telling:
                kinds &= (
                    {"boundary", RETICENT} if words <= SHORT_WORDS else {"boundary"}
                )
            elif categories - {"feelings"}:
                kinds &= {"boundary", "hesitant", FILLER, RETICENT}
            short = self._short(words, kinds)
        sure = confidence >= REACTION_CONFIDENCE and self._evidenced(move, named, kinds)
        if not sure and (by_words := self._made_by_words(named)):
            move, sure = by_words, True  # "cuddling maybe" suggests closeness
        return Reading(
            text=turn.text,
            named=tuple(named),
            short=short,
            question=question,
            move=move,
            move_sure=sure,
            commands=commands,
            # "today, please, I'd like to deal with it" insists even where
            # it sounds like giving in ("if that's ok"); a question ("he
            # says it's fine, but how do I bring it up?") is not giving in
            backs_down="backing_down" in signals
            and "insisting" not in signals
            and question is None
            and not any(self.lexicon.terms[n].category == "requests" for n in named),
            insists="insisting" in signals,
            unanswered="unanswered" in signals,
            # not when she also asks for something or insists ("please
            # don't push it off... can you at least send me to someone?")
            pauses=short is None
            and not commands
            and "insisting" not in signals
            and not any(self.lexicon.terms[n].category == "requests" for n in named)
            and any(
                key == "short:boundary" and self._asks_for_a_pause(doc, start)
                for key, start in found
            ),
            also_asked=also_asked if question else None,
            asks_in_full=self._asks_in_full(doc, found),
            opens_with_no=any(key == "short:no" and not start for key, start in found),
            asked_about=tuple(
                dict.fromkeys(
                    key
                    for key, start, _ in terms
                    if is_question(doc[start].sent)
                    and not is_only_surprise(doc[start].sent)
                )
            ),
            # mentioned only negated: "I never said sex hurts"
            denied=tuple(dict.fromkeys(k for k in negated_terms if k not in mentioned)),
        )

    def _asks_for_a_pause(self, doc, start: int) -> bool:
        """The boundary words at `start` ask to leave something: said, not
        asked ("could I use it, or is it off limits for me?"), or asked as a
        proposal ("can we talk about something else for a sec?")."""
        sentence = doc[start].sent
        if not is_question(sentence):
            return True
        return any(
            kind == PROPOSAL_ANSWER and sentence.start <= at < sentence.end
            for kind, at, _ in self._matches(self.question_kinds, doc)
        )

    def answer_naming(self, named: Iterable[str], scenario: Scenario) -> str | None:
        """The answer that fits a question naming any of `named`."""
        by_name = self.answer_by_name[scenario.id]
        return next((by_name[n] for n in named if n in by_name), None)

    def _not_hers(self, term_id: str, doc, start: int) -> bool:
        """What she says of the character or of someone else is not hers: a
        side effect or a feeling right after "you" ("you seem tired too",
        "before you panic"), and a feeling in a question ("have you been
        scared?") or whose nearest person before it is "you" or someone
        else ("you're scared of hurting me", "you've got nothing to feel
        guilty for", "she's scared of hurting me"; not "you make me feel
        guilty")."""
        if said_of_you(doc, start):
            return True
        # low mood and anxiety are felt, too ("my sister cried for a week")
        felt = self.lexicon.terms[term_id].category == "feelings" or term_id in (
            "depression",
            "anxiety",
        )
        if not felt:
            return False
        if is_question(doc[start].sent):
            return True
        # a case put, not felt now ("I'd be sad if you stopped wanting me")
        if _just_after(doc, start, WOULD_WORDS):
            return True
        # someone else's, by the nearest person before it in the sentence,
        # past "so" ("most people freak out"; "i was so embarrassed" is hers)
        if term_id in TOLD_BY_WHAT_OTHERS_DID:
            return _just_after(doc, start, CASE_WORDS)
        if self.lexicon.terms[term_id].category == "feelings":
            return whose(doc, start, whole_sentence=True) in ("yours", "theirs")
        return whose(doc, start) in ("yours", "theirs")

    @staticmethod
    def _short(words: int, kinds: set[str]) -> str | None:
        """The short kind of a reply of `words` words whose signals are
        `kinds`, if it is short enough for one."""
        if not words:
            return "hesitant"  # "...", "?!"
        if FILLER in kinds and words <= SHORT_WORDS:
            kinds = kinds | {"hesitant"}  # "um", "wait...": only a short reply
        if RETICENT in kinds:
            # "it's private." declines; "there's something I wanted to ask
            # about, it's a bit personal" is working up to it
            kinds = kinds | {"boundary" if words <= SHORT_WORDS else "hesitant"}
        for kind in SHORT_PRIORITY:
            limit = HESITANT_WORDS if kind in ("boundary", "hesitant") else SHORT_WORDS
            if kind in kinds and words <= limit:
                return kind
        return None

    def _question(self, doc, terms, scenario: Scenario) -> str | None:
        """The answer id of the question she asks the character. In the
        first question sentence that asks what the character remembers
        ("do you remember what I told you about the hot flashes?"), that an
        answer's patterns fit, or that names what an answer `names`: that
        (the longest match). For a question that points back ("is that even
        possible for me now?"), what came before it ("we'd like a baby
        someday"); the answer to its kind (QUESTION_KINDS: "can we just
        eat?", "are you married?") where the
        scenario has one; OTHER_ANSWER for a question nothing fits."""
        by_name = self.answer_by_name[scenario.id]
        matches = self._matches(self.answers[scenario.id], doc)
        named = [
            (by_name[key], start, end) for key, start, end in terms if key in by_name
        ]
        kinds_at = [
            match
            for match in self._matches(self.question_kinds, doc)
            if is_question(doc[match[1]].sent)
        ]
        remembers = REMEMBERING_ANSWER in self.answer_rank[scenario.id]
        first_question = None
        for sentence in doc.sents:
            if not is_question(sentence) or is_only_surprise(sentence):
                continue
            if first_question is None:
                first_question = sentence
            # "do you remember what I told you about the hot flashes?" asks
            # what it remembers, not about the hot flashes
            asked = {kind for kind, _, _ in _within(kinds_at, sentence)}
            if remembers and REMEMBERING_ANSWER in asked:
                return REMEMBERING_ANSWER
            # "how long have you been an oncologist?" asks about the
            # character, and so does "do you have kids yourself?" whatever
            # it names; "are you able to refer me?" asks for the referral
            first_kind = next(
                (
                    kind
                    for kind in self.lexicon.question_kinds
                    if kind in asked and kind in self.answer_rank[scenario.id]
                ),
                None,
            )
            about_you = first_kind == ABOUT_YOU_ANSWER
            if about_you and (
                any(
                    t.lower_ in OF_YOURSELF or _called(t, self.names[scenario.id])
                    for t in sentence
                )
                or asks_if_you_have_kids(sentence)
            ):  # "do you have kids, doctor?"
                return ABOUT_YOU_ANSWER
            if by_pattern := _within(matches, sentence):
                return _longest(by_pattern)
            by_name = _within(named, sentence)
            if about_you and not by_name:
                return ABOUT_YOU_ANSWER
            if by_name:
                return _longest(by_name)
        if first_question is None:
            return self._said_not_asked(doc, scenario)
        # "Is that what you want? Because it sounds like you're giving up on
        # us.": what she asks is in the "because" right after her question
        following = next((s for s in doc.sents if s.start == first_question.end), None)
        words = [t.lower_ for t in following or () if t.is_alpha]
        if (
            words
            and words[0] in REASON_WORDS
            and (because := _within(matches, following))
        ):
            return _longest(because)
        kinds = {kind for kind, _, _ in kinds_at}
        for kind in self.lexicon.question_kinds:
            if kind in kinds and kind in self.answer_rank[scenario.id]:
                return kind
        # A question that points back ("is that possible?", "is that
        # true?") is about what came before it; "my periods stopped. And the
        # wine thing?" is not about fertility.
        if not any(t.lower_ in POINTING_BACK for t in first_question):
            return OTHER_ANSWER
        rank = self.answer_rank[scenario.id]
        for found in (matches, named):
            before = [m[0] for m in found if m[1] < first_question.start]
            if before:  # the scenario lists its answers most telling first
                return min(before, key=rank.__getitem__)
        return OTHER_ANSWER

    def _said_not_asked(self, doc, scenario: Scenario) -> str | None:
        """The answer to what she says rather than asks: a fear of the
        character's reaction said to it ("i get it if that's a dealbreaker
        for you", "i hope that doesn't scare you off"), by an answer's
        `statement_patterns` in a sentence that speaks to the character or
        that opens with her and someone else ("we haven't been close"), or
        in any sentence for an answer the scenario's caution gives ("I
        didn't check whether it has estrogen in it"). A "not" stays in: "I
        hope it doesn't scare you off" is the fear."""
        matcher = self.said_answers[scenario.id]
        if not len(matcher):
            return None
        strings = self.nlp.vocab.strings
        matches = [(strings[key], start, end) for key, start, end in matcher(doc)]
        cautions = set(scenario.caution.answers) if scenario.caution else set()
        for sentence in doc.sents:
            found = _within(matches, sentence)
            if not any(t.lower_ in SECOND_PERSON for t in sentence):
                # or what she says of the two of them ("he thinks I'm not
                # attracted to him", "we haven't been close since")
                found = [
                    m
                    for m in found
                    if m[0] in cautions or doc[m[1]].lower_ in OTHERS_AND_US
                ]
            if found:
                return _longest(found)
        return None

    @staticmethod
    def _asks_in_full(doc, found: list[tuple[str, int]]) -> bool:
        """Her first question, leaving out "did you even hear me?", has at
        least FULL_QUESTION_WORDS words."""
        unheard = [start for key, start in found if key == "unanswered"]
        for sentence in doc.sents:
            if not is_question(sentence) or is_only_surprise(sentence):
                continue
            if any(sentence.start <= at < sentence.end for at in unheard):
                continue
            return sum(t.is_alpha for t in sentence) >= FULL_QUESTION_WORDS
        return False

    def _second_question(self, doc, terms, scenario: Scenario, first: str | None):
        """The answer a later question sentence asks for by its patterns or
        what it names, when it is not `first`'s (nor a kind of question)."""
        if first is None:
            return None
        by_name = self.answer_by_name[scenario.id]
        matches = self._matches(self.answers[scenario.id], doc)
        named = [(by_name[k], start, end) for k, start, end in terms if k in by_name]
        answers = []
        for sentence in doc.sents:
            if is_question(sentence) and not is_only_surprise(sentence):
                found = _within(matches, sentence) or _within(named, sentence)
                answers.append(_longest(found) if found else None)
        later = [a for a in answers[1:] if a and a != first]
        return later[0] if later and first in answers[:1] else None

    def _names_any(self, named: list[str], wanted: Iterable[str]) -> bool:
        """Something in `named` is one of `wanted` (lexicon ids or
        categories)."""
        wanted = set(wanted)
        return any(
            n in wanted or self.lexicon.terms[n].category in wanted for n in named
        )

    def _evidenced(self, move: str | None, named: list[str], kinds: set[str]) -> bool:
        """She named something the move needs as evidence (moves.yml), or
        said it in one of its short kinds ("can we not"), if it needs any."""
        evidence = self.content.moves[move].evidence if move else ()
        return (
            not evidence
            or self._names_any(named, evidence)
            or bool(kinds & set(evidence))
        )

    def _made_by_words(self, named: list[str]) -> str | None:
        """The first move (moves.yml order) that what she named makes."""
        return next(
            (
                m.id
                for m in self.content.moves.values()
                if m.made_by and self._names_any(named, m.made_by)
            ),
            None,
        )

    def _move(self, turn: Turn, scenario: Scenario) -> tuple[str | None, float]:
        """The best-ranked move NLU found, with its confidence: a move's own
        intent, or a question on a topic that this scenario takes as a move
        (to the doctor, "could Kegels help me?" asks for treatment)."""
        for name, confidence in turn.intents:
            topic = self.content.topic_for_intent(name)
            move = name if name in self.content.moves else None
            if topic and not move:
                move = scenario.topic_moves.get(topic.id)
            if move and confidence >= MOVE_CONFIDENCE:
                return move, confidence
        return None, 0.0


def _closes(doc, start: int) -> bool:
    """The words at `start` are in the reply's last sentence, a question of
    three words or more ("Anyway, what were we talking about?")."""
    sentence = doc[start].sent
    words = sum(t.is_alpha for t in sentence)
    return sentence.end == len(doc) and is_question(sentence) and words >= 3


def asks_if_you_have_kids(sentence) -> bool:
    """ "do you have kids?", "did you have any children?": about the
    character's own, whatever else it names."""
    words = [t.lower_ for t in sentence if t.is_alpha]
    for i in range(len(words) - 2):
        if words[i] in ("do", "did", "does") and words[i + 1] in ("you", "u"):
            rest = [w for w in words[i + 2 : i + 5] if w not in ("any", "ever")]
            if rest[:1] == ["have"] and rest[1:2] in (["kids"], ["children"]):
                return True
    return False


def _just_after(doc, start: int, words: frozenset[str]) -> bool:
    """One of `words` comes just before `start` (NOT_NOW_REACH tokens at
    most), in its sentence."""
    before = doc[max(doc[start].sent.start, start - NOT_NOW_REACH) : start]
    return any(t.lower_ in words for t in before)


def _called(token, names: frozenset[str]) -> bool:
    """`token`, after a comma, calls the character by one of its `names`
    ("..., doctor?", "..., Sam?")."""
    return (
        bool(token.i) and token.doc[token.i - 1].lower_ == "," and token.lower_ in names
    )


def names_to_call(scenario: Scenario) -> frozenset[str]:
    """The words that call one of the scenario's characters: their names and
    a doctor's role ("doctor", "doc"; not "dr")."""
    words = {w.lower().strip(".") for c in scenario.characters for w in c.name.split()}
    return frozenset(({"doctor", "doc"} | words) - {"dr"})


def _within(matches: list[tuple[str, int, int]], sentence) -> list:
    """The matches that start in `sentence`."""
    return [m for m in matches if sentence.start <= m[1] < sentence.end]


def _longest(matches: list[tuple[str, int, int]]) -> str:
    """The key of the longest match (it says most about what she asks), the
    first of equals."""
    return max(matches, key=lambda m: (m[2] - m[1], -m[1]))[0]


def said_of_you(doc, start: int) -> bool:
    """The words at `start` are said of the character: "you", then only
    linking words ("you seem tired too", "before you panic")."""
    for token in reversed(doc[doc[start].sent.start : start]):
        if token.lower_ in SECOND_PERSON:
            return True
        if token.lower_ not in SAID_OF_YOU:
            return False
    return False


def asks_indirectly(words: list[str]) -> bool:
    """ "I'd like to know if it's even an option", "I was wondering whether
    ...": a question put as a statement."""
    for before, word, after in zip(words, words[1:], words[2:], strict=False):
        if word == "know" and before == "to" and after in INDIRECT_QUESTION_WORDS:
            return True
        if word in ("wonder", "wondering") and after in INDIRECT_QUESTION_WORDS:
            return True
    return False


def whose(doc, start: int, whole_sentence: bool = False) -> str | None:
    """ "mine", "yours" or "theirs": the nearest person word before `start`
    in its clause, None if there is none; with `whole_sentence`, anywhere
    before it in the sentence ("i was so embarrassed": "so" is no clause
    break then) and other people too ("most people freak out")."""
    others = THIRD_PERSON | PEOPLE if whole_sentence else THIRD_PERSON
    for token in reversed(doc[doc[start].sent.start : start]):
        if token.lower_ in CLAUSE_BREAKS and not whole_sentence:
            return None
        if token.lower_ in SECOND_PERSON:
            return "yours"
        if token.lower_ in FIRST_PERSON:
            return "mine"
        if token.lower_ in others:
            return "theirs"
    return None


def ends_with_a_tag(words: list[str]) -> bool:
    """ "i'd rather spend the time living, you know?": a statement with a
    question tag after it, not a question (unless it is only the tag)."""
    return any(
        len(words) > len(tag) + 2 and tuple(words[-len(tag) :]) == tag
        for tag in TAG_QUESTIONS
    )


def is_only_surprise(sentence) -> bool:
    """ "What?", "huh?", "sorry?": surprise, or not having heard, and no
    question to answer."""
    words = [t.lower_ for t in sentence if t.is_alpha]
    return bool(words) and set(words) <= SURPRISE


def without_leading_words(words: list[str]) -> list[str]:
    """ "and can you come with me" -> "can you come with me"."""
    while words and words[0] in LEADING_WORDS:
        words = words[1:]
    return words


def announces(words: list[str]) -> bool:
    """ "You know what the nurse told me?": she goes on to say it herself;
    "..., did you know they have three hearts?" anywhere in the sentence."""
    words = without_leading_words(words)
    if any(
        tuple(words[i : i + len(opening)]) == opening
        for opening in ANNOUNCING_OPENINGS
        for i in range(len(words))
    ):
        return True
    for opening in TELLING_OPENINGS:
        if tuple(words[: len(opening)]) == opening:
            return bool(TELLING_WORDS & set(words[len(opening) :]))
    return False


def is_question(sentence) -> bool:
    words = [t.lower_ for t in sentence if not t.is_punct]
    if announces(words):
        return False
    if sentence.text.rstrip().endswith("?") and not ends_with_a_tag(words):
        return True
    if asks_indirectly(words):
        return True
    words = without_leading_words(words)
    if not words:
        return False
    if words[0] in AUXILIARIES:
        return len(words) > 1 and words[1] not in NO_SUBJECT
    if words[0] not in WH_WORDS or len(words) < 2:
        return False
    if words[1] in AUXILIARIES:
        return True
    return (
        words[0] in ASKING_WH_WORDS
        and words[1] not in PERSON_WORDS
        and any(word in AUXILIARIES for word in words[2:4])
    )
