"""Demo mode: the assistant plays both sides of a model conversation
(`bot/content/demos/`), one exchange per "next", with a coach note after
each. "Back", "next", "stop" and "let me try" (the live role-play, from
that point) work throughout. What each exchange says comes from
`bot.core.demo_script`, which the facilitator's handouts print too.
"""

from __future__ import annotations

import json
from dataclasses import replace

from bot.core.content import Demo
from bot.core.demo_script import PROFESSIONAL_HELP, exchange_lines
from bot.core.engine import Button, Engine, Message, Reply, State, bullets


def demo_payload(demo: Demo) -> str:
    return "/start_demo" + json.dumps(
        {"scenario": demo.scenario, "character": demo.character}, separators=(",", ":")
    )


class DemoPlayer:
    """Demo mode on top of the role-play engine (its state, its messages)."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.content = engine.content
        self.app = engine.app

    def _demo(self, state: State) -> Demo | None:
        return self.content.demos.get(state.demo) if state.demo else None

    def _controls(self, demo: Demo, step: int) -> list[Button]:
        app = self.app
        buttons = (
            [Button(app["demo_next"], "/skip")] if step < len(demo.exchanges) else []
        )
        if step > 0:
            buttons.append(Button(app["demo_back"], "/go_back"))
        return buttons + [
            Button(app["demo_try"], "/try_it"),
            Button(app["demo_stop"], "/stop"),
        ]

    def _show(self, demo: Demo, step: int, lead: str | None = None) -> list[Message]:
        """Exchange `step`, or the closing after the last one."""
        if step >= len(demo.exchanges):
            tips = bullets([t.text for t in self.content.scenarios[demo.scenario].tips])
            help_ = self.content.topics[PROFESSIONAL_HELP].answer
            text = (
                f"{self.app['demo_end']}\n{self.app['recap_tips']}\n{tips}\n"
                f"{self.app['demo_help']}\n{help_}"
            )
            return [self.engine.coach(text, self._controls(demo, step))]
        lines = exchange_lines(self.content, demo, step)
        heading = self.app["demo_step"].format(step=step + 1, of=len(demo.exchanges))
        messages = [Message(f"{line.speaker}: {line.text}") for line in lines[:-1]]
        note = self.engine.coach(
            f"{heading} {lines[-1].text}", self._controls(demo, step)
        )
        return ([self.engine.coach(lead)] if lead else []) + messages + [note]

    def choose(self, state: State, scenario_id: str | None = None) -> Reply:
        """The demos to pick from (of one scenario, or all). Whatever runs
        now (a role-play) goes on until one is picked."""
        demos = (
            self.content.demos_for(scenario_id)
            if scenario_id
            else list(self.content.demos.values())
        )
        buttons = [Button(d.title, demo_payload(d)) for d in demos]
        return Reply([self.engine.coach(self.app["demo_choose"], buttons)], state)

    def start(
        self, state: State, scenario_id: str | None, character_id: str | None
    ) -> Reply:
        if character_id and not scenario_id:
            found = self.content.find_character(character_id)
            scenario_id = found[0].id if found else None
        demos = (
            self.content.demos_for(scenario_id, character_id)
            if scenario_id in self.content.scenarios
            else []
        )
        if not demos or len(demos) > 1 and not character_id:
            # Nothing named, or no demo with that character: the ones there are.
            return self.choose(
                state, scenario_id if scenario_id in self.content.scenarios else None
            )
        demo = demos[0]
        intro = f"{demo.title}. {demo.premise} {self.app['demo_controls']}"
        return Reply(
            [self.engine.coach(intro)] + self._show(demo, 0),
            State(demo=demo.id, demo_step=0),
        )

    def step(self, state: State, by: int) -> Reply:
        """ "Next" (by=1) or "back" (by=-1)."""
        demo = self._demo(state)
        if demo is None:
            return self.choose(state)
        step = max(0, min(len(demo.exchanges), state.demo_step + by))
        return Reply(self._show(demo, step), replace(state, demo_step=step))

    def try_it(self, state: State) -> Reply:
        """ "Let me try": the live role-play with the same character, at the
        question of the exchange on screen (from the start after the end)."""
        demo = self._demo(state)
        if demo is None:
            return self.choose(state)
        if state.demo_step >= len(demo.exchanges):
            return self.engine.start(State(), demo.scenario, demo.character)
        shown = demo.exchanges[: state.demo_step + 1]
        live = State(
            scenario=demo.scenario,
            character=demo.character,
            question=shown[-1].question,
            asked=[e.question for e in shown],
            moves=[e.move for e in shown[:-1]],
        )
        return Reply(
            [self.engine.coach(self.app["demo_your_turn"])]
            + self.engine.repeat(live, []).messages,
            live,
        )

    def stop(self, state: State) -> Reply:
        return Reply(
            [self.engine.coach(self.app["demo_stopped"], self.engine.menu_buttons())],
            State(),
        )

    def command(self, state: State, name: str | None) -> Reply:
        """A turn during a demo: "next", "back", "again", "try", "stop", or
        None for anything else (the reminder of how to move on)."""
        handlers = {
            "next": lambda: self.step(state, 1),
            "back": lambda: self.step(state, -1),
            "again": lambda: self.step(state, 0),
            "try": lambda: self.try_it(state),
            "stop": lambda: self.stop(state),
        }
        return handlers[name]() if name in handlers else self.reminder(state)

    def reminder(self, state: State) -> Reply:
        """Anything else during a demo: how to move on."""
        demo = self._demo(state)
        if demo is None:
            return self.choose(state)
        step = min(state.demo_step, len(demo.exchanges))
        return Reply(
            [self.engine.coach(self.app["demo_controls"], self._controls(demo, step))],
            state,
        )
