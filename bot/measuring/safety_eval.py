"""Measures the safety net on the held-out phrasings in
heldout/safety_phrasings.yml and heldout/safety_hard_negatives.yml: recall on
crisis messages and the false-positive rate on ordinary practice messages
that only look alarming (lookalikes, and hard negatives on death, prognosis,
rejection, fear, grief, low desire and reported speech), for the
classifier alone (which gets a check-in), the rule-based patterns (which get
the full safety reply and pause a role-play) and either (some safety reply).
`make safety-eval` prints the table that docs/safety.md quotes.

    python -m bot.measuring.safety_eval [--model models/assistant.tar.gz]
        [--phrasings FILE]
"""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.core.safety import safety
from bot.measuring.command_line import tool_parser
from bot.paths import DEFAULT_MODEL, HELDOUT_DIR
from bot.rasa_server.nlu_safety_net import SAFETY_NET_KEY

PHRASINGS = HELDOUT_DIR / "safety_phrasings.yml"
HARD_NEGATIVES = HELDOUT_DIR / "safety_hard_negatives.yml"
DETECTORS = ("classifier", "patterns", "combined")


@dataclass(frozen=True)
class Phrasing:
    text: str
    kind: str | None  # None: a lookalike
    style: str  # direct, indirect, lookalike, or a hard negative's theme


def load_phrasings(
    path: Path = PHRASINGS, hard_negatives: Path | None = HARD_NEGATIVES
) -> list[Phrasing]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    hard = (
        yaml.safe_load(hard_negatives.read_text(encoding="utf-8"))["hard_negatives"]
        if hard_negatives
        else {}
    )
    crisis = [
        Phrasing(item["text"], kind, item["style"])
        for kind, items in data["crisis"].items()
        for item in items
    ]
    lookalikes = [Phrasing(text, None, "lookalike") for text in data["lookalikes"]]
    return (
        crisis
        + lookalikes
        + [
            Phrasing(text, None, theme)
            for theme, texts in hard.items()
            for text in texts
        ]
    )


def groups_of(phrasing: Phrasing) -> list[str]:
    """The table rows a phrasing counts in."""
    if phrasing.kind:
        return [
            f"crisis: {phrasing.kind}",
            f"crisis: {phrasing.style}",
            "crisis: all",
        ]
    if phrasing.style == "lookalike":
        return ["lookalikes"]
    return ["hard negatives: all", f"hard negatives: {phrasing.style}"]


@dataclass
class Tally:
    hits: dict[str, int] = field(default_factory=dict)
    total: int = 0

    def add(self, fired: dict[str, bool]) -> None:
        self.total += 1
        for detector, hit in fired.items():
            self.hits[detector] = self.hits.get(detector, 0) + int(hit)

    def rate(self, detector: str) -> float:
        return self.hits.get(detector, 0) / self.total if self.total else 0.0


def readings(parse: dict) -> dict[str, bool]:
    """Which detectors called a parsed message a crisis. When the net fires
    it records what the classifier had said under `safety_net`."""
    crisis_intents = set(safety().intents)
    net = parse.get(SAFETY_NET_KEY)
    final = (parse.get("intent") or {}).get("name")
    classifier = (net["classifier"] or {}).get("name") if net else final
    return {
        "classifier": classifier in crisis_intents,
        "patterns": bool(net),
        "combined": final in crisis_intents,
    }


def evaluate(parses: list[tuple[Phrasing, dict]]) -> dict[str, Tally]:
    """Tallies by group: each crisis kind, direct/indirect, all crises, lookalikes."""
    groups: dict[str, Tally] = {}
    for phrasing, parse in parses:
        fired = readings(parse)
        for key in groups_of(phrasing):
            groups.setdefault(key, Tally()).add(fired)
    return groups


def table(groups: dict[str, Tally]) -> str:
    lines = [
        (
            "| messages | n | classifier alone (check-in) | "
            "patterns (safety reply, pause) | either (some safety reply) |"
        ),
        "|---|---:|---:|---:|---:|",
    ]

    def order(key: str) -> tuple:
        return (not key.startswith("crisis"), not key.endswith(": all"), key)

    for key in sorted(groups, key=order):
        tally = groups[key]
        measure = "recall" if key.startswith("crisis") else "false positives"
        rates = " | ".join(
            f"{tally.rate(d):.0%} ({tally.hits.get(d, 0)})" for d in DETECTORS
        )
        lines.append(f"| {key} ({measure}) | {tally.total} | {rates} |")
    return "\n".join(lines)


def misses(parses: list[tuple[Phrasing, dict]]) -> list[str]:
    found = []
    for phrasing, parse in parses:
        combined = readings(parse)["combined"]
        if phrasing.kind and not combined:
            found.append(f"missed ({phrasing.kind}, {phrasing.style}): {phrasing.text}")
        if phrasing.kind is None and combined:
            found.append(f"false positive: {phrasing.text}")
    return found


async def _parse_all(
    model: Path, phrasings: list[Phrasing]
) -> list[tuple[Phrasing, dict]]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return [(p, await agent.parse_message(p.text)) for p in phrasings]


def main(argv=None) -> int:
    parser = tool_parser("bot.measuring.safety_eval", __doc__)
    parser.add_argument("--model", default=str(DEFAULT_MODEL), help="trained model")
    parser.add_argument("--phrasings", default=str(PHRASINGS), help="YAML file")
    args = parser.parse_args(argv)
    model = Path(args.model)
    if not model.exists():
        print(
            f"error: no trained model at {model}: run `make train` first",
            file=sys.stderr,
        )
        return 1
    parses = asyncio.run(_parse_all(model, load_phrasings(Path(args.phrasings))))
    print(table(evaluate(parses)))
    for line in misses(parses):
        print(f"- {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
