"""`make eval`, dialogue: simulated users walking through the scenarios at
random over REST, typing the held-out utterances (heldout/nlu/), never
the training data.

    python -m bot.measuring.simulate [--walks 300] [--seed 7] [--url URL] [--write-docs]

Each walk: now and then a question at the menu, a held-out "let's practise
..." line, then a character's button (as a user clicks it), then turns chosen
at random (a move in the user's own words, asking the coach, a question on a
topic, skip, repeat, a crisis followed by "I'm okay, go on", stop) until the
recap. Where a misread turn leaves the walk stuck (a pause not lifted), the
user presses the button the bot offers, as a person would. Every turn has the
kind of reply its intent should get (character line, coach, recap, answer,
safety, character choice); the report gives the
share of turns that got it, per intent, the commonest misses, and every turn
that got no reply at all. Starts its own servers with a fresh SQLite file,
unless --url names running ones.
"""

from __future__ import annotations

import argparse
import collections
import random
import re
import sys
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests

from bot.core.content import Content, Scenario, content
from bot.core.engine import start_payload
from bot.core.safety import safety
from bot.measuring.command_line import add_write_docs, at_least_one, tool_parser
from bot.measuring.report_docs import stamp, write_section
from bot.paths import DEFAULT_MODEL, HELDOUT_DIR, ROOT
from bot.running.processes import ServerError
from bot.running.rest_client import RestClient
from bot.running.supervisor import Servers

HOLDOUT = HELDOUT_DIR / "nlu"
DOCS = ROOT / "docs" / "evaluation.md"
MAX_TURNS = 14  # a walk that has not reached its recap by then is stopped
CHARACTER_LINE = re.compile(r"^[A-Z][\w. ]+ \(your \w+\): ")

# What a turn inside a role-play says, and how often (weights).
ROLEPLAY_TURNS = {
    "move": 55,
    "ask_coach": 10,
    "topic": 10,
    "skip": 5,
    "repeat": 5,
    "crisis": 4,
    "stop": 6,
}


def holdout_utterances() -> dict[str, list[str]]:
    """intent -> held-out texts (entity annotations removed). A
    start_scenario line that names no scenario is filed under
    `start_scenario:unnamed` (it should get the menu, not a character choice)."""
    from rasa.shared.nlu.training_data.loading import load_data

    by_intent: dict[str, list[str]] = collections.defaultdict(list)
    for example in load_data(str(HOLDOUT)).intent_examples:
        intent = example.get("intent")
        if intent == "start_scenario" and not any(
            e["entity"] == "scenario" for e in example.get("entities", [])
        ):
            intent = "start_scenario:unnamed"
        by_intent[intent].append(example.get("text"))
    return dict(by_intent)


class ReplyKinds:
    """Tells the kinds of reply in a turn's bot messages, from the content's
    own lines (so a change of wording cannot break it)."""

    def __init__(self, bundle: Content):
        app = bundle.app
        checks = safety()
        self.markers: list[tuple[str, list[str]]] = [
            (
                "safety",
                [kind.reply for kind in checks.kinds.values()]
                + [checks.texts["check_in"]],
            ),
            ("recap", [app["recap_questions"]]),
            ("answer", [topic.answer[:60] for topic in bundle.topics.values()]),
            ("coach", [app["coach_intro"].split("{")[0]]),
            ("choice", [app["character_prompt"]]),
            # replies that mean "I did not get that" (or got it as something else)
            (
                "fallback",
                [
                    app["fallback"],
                    app["fallback_in_scenario"].split("{")[0],
                    app["nothing_to_resume"],
                    app["not_in_scenario"],
                    app["unknown_scenario"],
                    app["move_outside_scenario"][:40],
                ],
            ),
            ("menu", [app["menu_prompt"]]),
        ]

    def of(self, texts: list[str]) -> set[str]:
        kinds = {
            kind
            for kind, needles in self.markers
            if any(n in t for t in texts for n in needles)
        }
        if any(CHARACTER_LINE.match(t) for t in texts):
            kinds.add("character")
        return kinds or {"other"}


@dataclass
class Turn:
    intent: str
    text: str
    expected: set[str]
    got: set[str]

    @property
    def ok(self) -> bool:
        """The expected kind came, and no "I didn't follow" with it (the
        fallback re-asks the character's question, which is not a reaction)."""
        return (
            bool(self.expected & self.got)
            and not (self.got & {"fallback"}) - self.expected
        )


@dataclass
class Walker:
    client: RestClient
    bundle: Content
    utterances: dict[str, list[str]]
    rng: random.Random
    kinds: ReplyKinds
    turns: list[Turn] = field(default_factory=list)
    silent: list[Turn] = field(default_factory=list)  # turns that got no reply at all

    def send(self, sender: str, intent: str, text: str, expected: set[str]) -> set[str]:
        texts = [m.get("text", "") for m in self.client.send(sender, text)]
        turn = Turn(intent, text, expected, self.kinds.of(texts) if texts else set())
        self.turns.append(turn)
        if not texts:
            self.silent.append(turn)
        return turn.got

    def say(self, sender: str, intent: str, expected: set[str]) -> set[str]:
        return self.send(
            sender, intent, self.rng.choice(self.utterances[intent]), expected
        )

    def topic_turn(self, scenario: Scenario | None) -> tuple[str, set[str]]:
        """A question on one of the material's topics: answered, or (in a
        role-play where that topic is a move or answers a question) taken as
        the user's answer to the character."""
        topic = self.rng.choice(
            [t for t in self.bundle.topics.values() if t.intent in self.utterances]
        )
        expected = {"answer"}
        if scenario and (
            topic.id in scenario.topic_moves
            or any(topic.id in q.topics for q in scenario.questions)
        ):
            expected |= {"character", "recap"}
        return topic.intent, expected

    def walk(self) -> None:
        sender = f"sim-{uuid.uuid4().hex[:12]}"
        if self.rng.random() < 0.3:
            intent, expected = self.topic_turn(None)
            self.say(sender, intent, expected)
        starts = [
            (i, t)
            for i in ("start_scenario", "start_scenario:unnamed")
            for t in self.utterances.get(i, [])
        ]
        intent, text = self.rng.choice(starts)
        self.send(
            sender,
            intent,
            text,
            {"menu"} if intent.endswith("unnamed") else {"choice", "character"},
        )
        scenario = self.rng.choice(list(self.bundle.scenarios.values()))
        character = self.rng.choice(scenario.characters)
        self.send(
            sender,
            "(character button)",
            start_payload(scenario.id, character.id),
            {"character"},
        )
        for _ in range(MAX_TURNS):
            kind = self.rng.choices(
                list(ROLEPLAY_TURNS), weights=list(ROLEPLAY_TURNS.values())
            )[0]
            if kind == "move":
                got = self.say(
                    sender,
                    self.rng.choice(list(self.bundle.moves)),
                    {"character", "recap"},
                )
            elif kind == "topic":
                got = self.say(sender, *self.topic_turn(scenario))
            elif kind == "crisis":
                self.say(
                    sender,
                    self.rng.choice([k.intent for k in safety().kinds.values()]),
                    {"safety"},
                )
                got = self.say(sender, "resume", {"character"})
                if (
                    "character" not in got
                ):  # still paused: the user presses "Go on", as offered
                    got = self.send(sender, "(go on button)", "/resume", {"character"})
            elif kind == "stop":
                got = self.say(sender, "stop", {"recap"})
            else:
                expected = {"coach"} if kind == "ask_coach" else {"character", "recap"}
                got = self.say(sender, kind, expected)
            if "recap" in got:
                return
        self.send(sender, "(stop button)", "/stop", {"recap"})


def run(url: str, walks: int, seed: int) -> Walker:
    bundle = content()
    walker = Walker(
        RestClient(url),
        bundle,
        holdout_utterances(),
        random.Random(seed),
        ReplyKinds(bundle),
    )
    for i in range(walks):
        walker.walk()
        if (i + 1) % 50 == 0:
            print(f"    {i + 1}/{walks} walks, {len(walker.turns)} turns", flush=True)
    return walker


def report(walker: Walker, walks: int) -> str:
    turns = walker.turns
    ok = sum(t.ok for t in turns)
    by_intent: dict[str, list[Turn]] = collections.defaultdict(list)
    for turn in turns:
        by_intent[turn.intent].append(turn)
    lines = [
        f"{walks} walks, {len(turns)} turns: "
        f"**{ok / len(turns):.1%} got the expected kind of reply**; "
        f"turns with no reply at all: {len(walker.silent)}.",
        "",
        "| user's turn | turns | expected reply | got it |",
        "|---|---:|---|---:|",
    ]
    for intent, group in sorted(
        by_intent.items(), key=lambda kv: sum(t.ok for t in kv[1]) / len(kv[1])
    ):
        expected = " or ".join(sorted(set.union(*(t.expected for t in group))))
        lines.append(
            f"| {intent} | {len(group)} | {expected} | "
            f"{sum(t.ok for t in group) / len(group):.0%} |"
        )
    missed = [
        ((t.intent, " + ".join(sorted(t.got)) or "nothing"), t.text)
        for t in turns
        if not t.ok
    ]
    misses = collections.Counter(key for key, _ in missed)
    examples = dict(missed)
    lines += [
        "",
        "Commonest misses:",
        "",
        "| user's turn | got instead | times | for example |",
        "|---|---|---:|---|",
    ]
    for (intent, got), n in misses.most_common(10):
        lines.append(
            f"| {intent} | {got} | {n} | {examples[(intent, got)].replace('|', '/')} |"
        )
    for turn in walker.silent:
        lines.append(f"\nNO REPLY: {turn.intent}: {turn.text!r}")
    return "\n".join(lines)


def walk(args: argparse.Namespace) -> Walker:
    """The walks, on `args.url` or on servers of their own."""
    if args.url:
        print(f"==> {args.walks} simulated users at {args.url}", flush=True)
        return run(args.url, args.walks, args.seed)
    with tempfile.TemporaryDirectory(prefix="simulate-") as folder:
        with Servers.in_folder(Path(folder), model=args.model) as servers:
            servers.wait_until_ready(progress=True)
            print(f"==> {args.walks} simulated users", flush=True)
            return run(servers.url, args.walks, args.seed)


def main(argv=None) -> int:
    parser = tool_parser("bot.measuring.simulate", __doc__)
    option = parser.add_argument
    option("--walks", type=at_least_one, default=300, help="random walks")
    option("--seed", type=int, default=7, help="random seed, for a repeatable run")
    option("--model", type=Path, default=DEFAULT_MODEL, help="for its own servers")
    option("--url", help="a running Rasa server (default: servers of its own)")
    add_write_docs(parser, DOCS)
    args = parser.parse_args(argv)
    try:
        walker = walk(args)
    except (ServerError, requests.RequestException) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    text = report(walker, args.walks)
    print(text)
    if args.write_docs:
        write_section(
            DOCS, "simulation", f"{stamp('make eval')}, seed {args.seed}:\n\n{text}"
        )
        print(f"Written to {DOCS.relative_to(ROOT)}")
    return 1 if walker.silent else 0


if __name__ == "__main__":
    sys.exit(main())
