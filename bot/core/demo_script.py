"""What a demo says, exchange by exchange: the character's question and
reaction (from the scenario), the model answer and the coach's note (from the
demo file). Used by the chat's demo mode (`bot/core/demos.py`) and by the
facilitator's handouts (`bot/core/handout.py`), so both show the same
conversation. Light on purpose: no spaCy, no Rasa.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.content import COACH, DEFAULT_REACTION, Content, Demo

MODEL_ANSWER = "Model answer"  # how the patient's side of a demo is labelled
# The topic (topics.yml) that says where to get professional help.
PROFESSIONAL_HELP = "specialist"


@dataclass(frozen=True)
class Line:
    speaker: str  # "Sam (your date)", MODEL_ANSWER or COACH
    text: str


def exchange_lines(content: Content, demo: Demo, step: int) -> list[Line]:
    """Exchange `step` of a demo: the question, the model answer, the
    character's reaction and the coach's note."""
    scenario = content.scenarios[demo.scenario]
    character = scenario.character(demo.character)
    exchange = demo.exchanges[step]
    speaker = f"{character.name} ({scenario.role})"
    reactions = scenario.reactions[exchange.move]
    reaction = (
        reactions.get(character.id)
        or scenario.reactions[DEFAULT_REACTION][character.id]
    )[0]
    return [
        Line(speaker, scenario.question(exchange.question).ask[character.id]),
        Line(MODEL_ANSWER, exchange.answer),
        Line(speaker, reaction),
        Line(COACH, exchange.note),
    ]
