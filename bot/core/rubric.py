"""Feedback on the user's own answers: each scenario's rubric (spaCy Matcher
patterns over lemmas, kept in the scenario's YAML) run over what the user said.

Deterministic: a blank English pipeline with spaCy's lookup lemmatizer (from
`spacy-lookups-data`), no statistical model, so the same answers always get the
same feedback.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.matcher import Matcher

from bot.core.content import RubricItem, Scenario
from bot.core.lemmas import negated, pipeline


@dataclass(frozen=True)
class Feedback:
    item: RubricItem
    met: bool
    evidence: str | None  # the sentence that met it, as the user typed it

    def text(self) -> str:
        if self.met:
            return f'✓ {self.item.praise} (You said: "{self.evidence}")'
        return f"○ {self.item.hint}"


def shorten(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


@functools.cache
def _matcher(scenario: Scenario) -> Matcher:
    matcher = Matcher(pipeline().vocab, validate=True)
    for item in scenario.rubric:
        matcher.add(item.id, [list(pattern) for pattern in item.patterns])
    return matcher


def assess(scenario: Scenario, answers: Iterable[str]) -> list[Feedback]:
    """One Feedback per rubric item, in the rubric's order.

    The evidence is the first match, in the order the user gave the answers.
    """
    matcher = _matcher(scenario)
    evidence = {}
    for answer in answers:
        lowered = answer.lower()
        doc = pipeline()(lowered)
        # Quote the user's own casing where lowering kept the offsets.
        original = answer if len(lowered) == len(answer) else lowered
        for match_id, start, end in sorted(matcher(doc), key=lambda m: m[1]):
            item_id = pipeline().vocab.strings[match_id]
            if item_id not in evidence and not negated(doc, start, end):
                sentence = doc[start:end].sent
                evidence[item_id] = shorten(
                    original[sentence.start_char : sentence.end_char].strip()
                )
    return [
        Feedback(item=item, met=item.id in evidence, evidence=evidence.get(item.id))
        for item in scenario.rubric
    ]
