"""`make eval`, listening: the held-out listening set (heldout/listening/)
played over REST, each character reply checked against what she said.

    python -m bot.measuring.listening_eval [--url URL] [--per-character N]
        [--write-docs]

The set's patient turns were written from the material alone, each labelled
with what it does (names side effects, asks the character something, is a
short or hesitant reply, tells a fact, repeats herself, is a command). A reply
passes a check when it:

- names: names a side effect she named in that turn;
- answers: holds the character's answer to the kind of question she asked
  (any answer for a question no answer kind fits);
- follows up: meets a short or hesitant reply with a follow-up line;
- no false repeat: says "you said that" only when she repeated herself;
- remembers: asks no question whose answer she already gave
  (heldout/listening/asks_for.yml);
- no line twice: says no line it said before in the conversation (but for
  its own question asked once more, once, right after answering hers or
  saying it asks again: "But I'd still love to know.");
- stays in the role-play: no coach, crisis or "didn't follow" reply to an
  ordinary turn;
- short reply stays: each of the short and hesitant replies of
  heldout/short_replies.yml ("idk", "it's complicated", "give me a second"),
  said to a character's first question, gets the character and nothing
  else: no end, no coach, no crisis, no fallback (target: every one).

Starts its own servers unless --url names running ones. Exits 1 when a
check is below its target over the whole set.
"""

from __future__ import annotations

import collections
import itertools
import re
import sys
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests
import yaml

from bot.core.composing import SENTENCE_END, SENTENCE_WORDS
from bot.core.content import COACH, Content, Scenario, content
from bot.core.engine import start_payload
from bot.core.lexicon import SHORT_KINDS
from bot.core.reading import Reader
from bot.core.safety import safety
from bot.measuring.command_line import add_write_docs, at_least_one, tool_parser
from bot.measuring.report_docs import stamp, write_section
from bot.paths import DEFAULT_MODEL, HELDOUT_DIR, ROOT
from bot.running.processes import ServerError
from bot.running.rest_client import RestClient
from bot.running.supervisor import Servers

SET_DIR = HELDOUT_DIR / "listening"
DOCS = ROOT / "docs" / "evaluation.md"
SHORT_REPLIES = HELDOUT_DIR / "short_replies.yml"
TARGET = 0.95
CHECKS = (
    "names",
    "answers",
    "follows up",
    "no false repeat",
    "remembers",
    "no line twice",
    "stays in the role-play",
    "short reply stays",
)
TARGETS = {name: TARGET for name in CHECKS} | {"short reply stays": 1.0}
SLOT = re.compile(r"\\\{(thing|named)\\\}")


def listening_set() -> dict[str, list[dict]]:
    """scenario id -> its conversations."""
    found = {}
    for path in sorted(SET_DIR.glob("*.yml")):
        data = yaml.safe_load(path.read_text())
        if "conversations" in data:
            found[data["scenario"]] = data["conversations"]
    return found


def asks_for() -> dict[str, dict[str, list[str]]]:
    return yaml.safe_load((SET_DIR / "asks_for.yml").read_text())


def _pattern(line: str) -> re.Pattern:
    return re.compile(SLOT.sub(".+?", re.escape(line)))


class LineIndex:
    """Every line a character can say, by what it is: an answer, a
    follow-up (the scenario's or a question's own), an "again", a question;
    found in a reply by pattern."""

    def __init__(self, scenario: Scenario, character_id: str):
        entries: list[tuple[str, str, str]] = []
        entries += [
            ("again", "", line) for line in scenario.reactions["again"][character_id]
        ]
        for answer in scenario.answers:
            entries += [("answer", answer.id, x) for x in answer.say[character_id]]
        for kind, by_character in scenario.short_answers.items():
            entries += [("short", kind, x) for x in by_character[character_id]]
        for question in scenario.questions:
            entries.append(("ask", question.id, question.ask[character_id]))
            for kind, by_character in question.short_answers.items():
                entries += [("short", kind, x) for x in by_character[character_id]]
            if character_id in question.ask_named:
                entries.append(("ask", question.id, question.ask_named[character_id]))
        self.entries = [(kind, sub, _pattern(line)) for kind, sub, line in entries]

    def find(self, text: str) -> set[tuple[str, str]]:
        return {(kind, sub) for kind, sub, p in self.entries if p.search(text)}


@dataclass
class Results:
    passed: collections.Counter = field(default_factory=collections.Counter)
    tried: collections.Counter = field(default_factory=collections.Counter)
    by_character: dict = field(default_factory=dict)
    failures: list[tuple[str, str, str, str]] = field(default_factory=list)
    turns: int = 0
    not_reached: int = 0

    def check(self, name: str, ok: bool, where: str, said: str, reply: str) -> None:
        self.tried[name] += 1
        self.passed[name] += ok
        if not ok:
            self.failures.append((name, where, said, reply))

    def rate(self, name: str) -> float | None:
        return self.passed[name] / self.tried[name] if self.tried[name] else None


def _split(messages: list[str], prefix: str) -> tuple[str, list[str]]:
    """The character's words in a reply, and the other messages."""
    own = [m[len(prefix) :] for m in messages if m.startswith(prefix)]
    return " ".join(own), [m for m in messages if not m.startswith(prefix)]


def stays(bundle: Content, name: str, own: str, others: list[str], ended: bool) -> bool:
    """The character spoke, and nothing out of the role-play came with it
    (no coach, fallback or safety reply), unless the role-play had ended."""
    fallback = bundle.app["fallback_in_scenario"].format(name=name)
    crisis_texts = [t for t in safety().texts.values() if len(t) > 20]
    reply = " / ".join(others)
    return (
        bool(own)
        and not [m for m in others if m.startswith(f"{COACH}:") and not ended]
        and fallback not in reply
        and not any(t in reply for t in crisis_texts)
    )


def short_replies() -> list[tuple[str, str]]:
    """(kind, text) of heldout/short_replies.yml, kinds taken in turn."""
    kinds = yaml.safe_load(SHORT_REPLIES.read_text())["short_replies"]
    rows = [[(kind, text) for text in texts] for kind, texts in kinds.items()]
    return [row for group in itertools.zip_longest(*rows) for row in group if row]


def play_short_replies(
    client: RestClient, bundle: Content, how_many: int | None, results: Results
) -> None:
    """Each short reply said to a character's first question (characters in
    turn, a new conversation each): the role-play must go on in character."""
    characters = [(s, c) for s in bundle.scenarios.values() for c in s.characters]
    for number, (kind, said) in enumerate(short_replies()[:how_many]):
        scenario, character = characters[number % len(characters)]
        sender = f"short-{uuid.uuid4().hex}"
        client.send(sender, start_payload(scenario.id, character.id))
        messages = [m.get("text") or "" for m in client.send(sender, said)]
        results.turns += 1
        own, others = _split(messages, f"{character.name} ({scenario.role}): ")
        results.check(
            "short reply stays",
            stays(bundle, character.name, own, others, ended=False),
            f"short reply ({kind}) to {character.id}",
            said,
            " / ".join(messages),
        )


def says_it_asks_again(scenario: Scenario, character_id: str, own: str) -> bool:
    """The character's reply says it asks its question again: the last
    sentence of one of its `asking_again` lines ("Back to my question.",
    with or without the "Anyway." a filler before it may have dropped)."""
    return any(
        SENTENCE_END.split(line)[-1].lower() in own.lower()
        for line in scenario.asking_again[character_id]
    )


def play(
    client: RestClient,
    bundle: Content,
    reader: Reader,
    scenario: Scenario,
    conversation: dict,
    facts_to_questions: dict[str, list[str]],
    results: Results,
) -> None:
    character = scenario.character(conversation["character"])
    prefix = f"{character.name} ({scenario.role}): "
    index = LineIndex(scenario, character.id)
    sender = f"listening-{uuid.uuid4().hex}"
    client.send(sender, start_payload(scenario.id, character.id))
    told: set[str] = set()
    sentences_said: set[str] = set()
    last_sentences: set[str] = set()  # the character's previous reply
    asked_again: set[str] = set()
    for number, turn in enumerate(conversation["turns"]):
        where = f"{conversation['id']}#{number + 1}"
        said = turn["say"]
        messages = [m.get("text") or "" for m in client.send(sender, said)]
        results.turns += 1
        own, others = _split(messages, prefix)
        command = turn.get("command")
        told |= set(turn.get("tells") or []) | set(turn.get("names") or [])
        if command == "stop":
            break
        if command:  # the question said again after it was asked for
            continue
        reply = " / ".join(messages)
        ended = any(bundle.app["all_asked"].split("{")[0] in m for m in others)
        found = index.find(own)
        results.check(
            "stays in the role-play",
            stays(bundle, character.name, own, others, ended),
            where,
            said,
            reply,
        )
        if turn.get("names"):
            named = set(reader.names_in(own))
            says = {bundle.lexicon.terms[n].say for n in turn["names"]}
            results.check(
                "names",
                bool(named & set(turn["names"])) or any(s in own for s in says),
                where,
                said,
                reply,
            )
        if turn.get("asks"):
            kinds = {sub for kind, sub in found if kind == "answer"}
            wanted = turn["asks"]
            ok = bool(kinds) if wanted == "other" else wanted in kinds
            results.check("answers", ok, where, said, reply)
        if turn.get("short") in SHORT_KINDS:
            results.check(
                "follows up",
                any(kind == "short" for kind, _ in found),
                where,
                said,
                reply,
            )
        results.check(
            "no false repeat",
            turn.get("repeats") or ("again", "") not in found,
            where,
            said,
            reply,
        )
        asked = {sub for kind, sub in found if kind == "ask"}
        known_asked = {
            q for fact in told for q in facts_to_questions.get(fact, []) if q in asked
        }
        results.check("remembers", not known_asked, where, said, reply)
        sentences = {
            s.lower()
            for s in SENTENCE_END.split(own)
            if len(s.split()) >= SENTENCE_WORDS
        }
        repeated = sentences & sentences_said
        # her question back answered, or what she told answering another
        # of its questions, the character asks its own question of the
        # reply before once more, once (engine._only_asked_back,
        # engine._answered_another), saying so when she asked nothing
        if (
            repeated <= last_sentences
            and not repeated & asked_again
            and (
                any(kind == "answer" for kind, _ in found)
                or says_it_asks_again(scenario, character.id, own)
            )
        ):
            asked_again |= repeated
            repeated = set()
        results.check("no line twice", not repeated, where, said, reply)
        sentences_said |= sentences
        last_sentences = sentences
        if ended:
            results.not_reached += len(conversation["turns"]) - number - 1
            break


def run(url: str, per_character: int | None) -> Results:
    bundle = content()
    client = RestClient(url, timeout=60)
    results = Results()
    mapping = asks_for()
    reader = Reader(bundle)  # its spaCy patterns take about a second to build
    for scenario_id, conversations in listening_set().items():
        scenario = bundle.scenarios[scenario_id]
        taken: collections.Counter = collections.Counter()
        for conversation in conversations:
            character = conversation["character"]
            if per_character and taken[character] >= per_character:
                continue
            taken[character] += 1
            print(f"  {conversation['id']}", flush=True)
            play(
                client,
                bundle,
                reader,
                scenario,
                conversation,
                mapping.get(scenario_id, {}),
                results,
            )
    print("  short replies", flush=True)
    characters = sum(len(s.characters) for s in bundle.scenarios.values())
    play_short_replies(
        client, bundle, per_character and per_character * characters, results
    )
    return results


def report(results: Results, failures: int = 40) -> str:
    lines = [
        f"{results.turns} patient turns played ({results.not_reached} not reached: "
        "the role-play ended first).",
        "",
        "| check | turns it applies to | passed | target |",
        "|---|---:|---:|---:|",
    ]
    for name in CHECKS:
        rate = results.rate(name)
        shown = "n/a" if rate is None else f"{rate:.1%}"
        target = f"{TARGETS[name]:.0%}"
        lines.append(f"| {name} | {results.tried[name]} | {shown} | {target} |")
    shown_failures = results.failures[:failures]
    if shown_failures:
        lines += ["", f"Failures, first {len(shown_failures)}:", ""]
    for name, where, said, reply in shown_failures:
        lines.append(f"- {name}, {where}: {said!r} -> {reply[:240]!r}")
    return "\n".join(lines)


def below_target(results: Results) -> list[str]:
    return [
        name
        for name in CHECKS
        if results.rate(name) is not None and results.rate(name) < TARGETS[name]
    ]


def main(argv=None) -> int:
    parser = tool_parser("bot.measuring.listening_eval", __doc__)
    option = parser.add_argument
    option("--url", help="a running Rasa server (default: servers of its own)")
    option(
        "--per-character",
        type=at_least_one,
        help="play only this many conversations per character (default: all)",
    )
    option("--model", type=Path, default=DEFAULT_MODEL, help="for its own servers")
    option("--failures", type=int, default=40, help="how many failures to list")
    add_write_docs(parser, DOCS)
    args = parser.parse_args(argv)
    try:
        if args.url:
            results = run(args.url, args.per_character)
        else:
            with tempfile.TemporaryDirectory(prefix="listening-") as folder:
                with Servers.in_folder(Path(folder), model=args.model) as servers:
                    servers.wait_until_ready(progress=True)
                    results = run(servers.url, args.per_character)
    except (ServerError, requests.RequestException) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    text = report(results, args.failures)
    print(text)
    if args.write_docs:
        write_section(DOCS, "listening", f"{stamp('make eval')}:\n\n{text}")
        print(f"Written to {DOCS.relative_to(ROOT)}")
    return 1 if below_target(results) else 0


if __name__ == "__main__":
    sys.exit(main())
