"""Demo mode and the facilitator's command line: the demo data, the player
without Rasa, and `python -m bot scenarios|demo` in every format and with bad
arguments (demos over REST: tests/integration/test_demo_mode.py)."""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser

import pytest
import yaml

from bot.core.content import ContentError, content, load_content
from bot.core.demo_script import MODEL_ANSWER, exchange_lines
from bot.core.demos import DemoPlayer
from bot.core.engine import State
from bot.paths import ROOT
from tests.helpers import character_prefix

CONTENT = content()
REAL_NAMES = ("Shiana", "Mary", "Roberta")


@pytest.fixture
def player(engine):
    return DemoPlayer(engine)


def test_every_scenario_has_a_demo_and_every_character_style_is_shown():
    for scenario in CONTENT.scenarios.values():
        shown = {d.character for d in CONTENT.demos_for(scenario.id)}
        assert shown == {c.id for c in scenario.characters}, scenario.id


def test_every_step_of_every_demo_loads_with_its_lines():
    for demo in CONTENT.demos.values():
        assert demo.exchanges[0].question == "opening"
        for step in range(len(demo.exchanges)):
            lines = exchange_lines(CONTENT, demo, step)
            assert [line.speaker for line in lines][1:] == [
                MODEL_ANSWER,
                lines[0].speaker,
                "Coach",
            ]
            assert all(line.text.strip() for line in lines)


def test_the_two_patient_stories_inspire_demos_without_their_names():
    inspired = [d for d in CONTENT.demos.values() if d.inspired_by]
    assert {d.scenario for d in inspired} >= {"date", "partner"}
    text = "\n".join(
        path.read_text() for path in (ROOT / "bot" / "content" / "demos").glob("*.yml")
    )
    assert not [name for name in REAL_NAMES if name in text]


def test_a_demo_naming_a_question_the_scenario_lacks_fails_on_load(tmp_path):
    import shutil

    shutil.copytree(ROOT / "bot" / "content", tmp_path / "content")
    path = tmp_path / "content" / "demos" / "date-sam.yml"
    demo = yaml.safe_load(path.read_text())
    demo["exchanges"][1]["question"] = "no_such_question"
    path.write_text(yaml.safe_dump(demo))
    with pytest.raises(ContentError, match="date-sam.yml.*no_such_question"):
        load_content(tmp_path / "content")


def test_next_back_and_the_end(player):
    reply = player.start(State(), "doctor", "reyes")
    demo = CONTENT.demos[reply.state.demo]
    assert reply.state.demo_step == 0 and reply.messages[1].text.startswith(
        "Dr. Reyes (your doctor): "
    )
    state = reply.state
    for _ in range(len(demo.exchanges) + 2):  # past the end stays at the closing
        state = player.step(state, 1).state
    assert state.demo_step == len(demo.exchanges)
    closing = player.step(state, 0).messages[-1].text
    assert "Tips for this conversation" in closing and "specialist" in closing
    assert player.step(state, -1).state.demo_step == len(demo.exchanges) - 1


def test_let_me_try_starts_the_roleplay_at_the_exchange_on_screen(player):
    state = player.step(player.start(State(), "partner", "robin").state, 1).state
    reply = player.try_it(state)
    demo = CONTENT.demos["partner-robin"]
    assert reply.state.in_roleplay and reply.state.demo is None
    assert reply.state.question == demo.exchanges[1].question
    assert reply.messages[-1].text.startswith(character_prefix("partner", "robin"))


def test_a_character_without_a_demo_in_that_scenario_gets_the_scenarios_demos(player):
    reply = player.start(State(), "doctor", "sam")
    assert reply.state.demo is None
    assert [b.title for b in reply.messages[0].buttons] == [
        d.title for d in CONTENT.demos_for("doctor")
    ]


def test_back_at_the_first_exchange_and_let_me_try_after_the_end(player, engine):
    state = player.start(State(), "date", "alex").state
    assert player.step(state, -1).state.demo_step == 0
    for _ in range(len(CONTENT.demos["date-alex"].exchanges)):
        state = player.step(state, 1).state
    live = player.try_it(state)
    assert live.state == engine.start(State(), "date", "alex").state, (
        "the whole role-play, from the start"
    )


def test_asking_for_a_demo_without_a_scenario_offers_them_all(player):
    roleplay = State(
        scenario="date", character="sam", question="opening", asked=["opening"]
    )
    reply = player.start(roleplay, None, None)
    assert reply.state == roleplay, "a role-play goes on until a demo is picked"
    buttons = reply.messages[0].buttons
    assert len(buttons) == len(CONTENT.demos) and buttons[0].payload.startswith(
        "/start_demo"
    )


# --- the command line --------------------------------------------------------


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_scenarios_lists_scenarios_characters_and_demos():
    result = run_cli("scenarios")
    assert result.returncode == 0
    for scenario in CONTENT.scenarios.values():
        assert scenario.title in result.stdout and scenario.summary in result.stdout
        assert all(c.id in result.stdout for c in scenario.characters)
        assert all(c.description in result.stdout for c in scenario.characters)
    assert all(d.title in result.stdout for d in CONTENT.demos.values())


@pytest.mark.parametrize("form", ["text", "markdown", "html"])
def test_a_handout_has_the_conversation_notes_tips_and_help(tmp_path, form):
    out = tmp_path / f"handout.{form}"
    result = run_cli(
        "demo", "doctor", "--character", "reyes", "--format", form, "--output", str(out)
    )
    assert result.returncode == 0, result.stderr
    text = out.read_text()
    demo = CONTENT.demos["doctor-reyes"]
    scenario = CONTENT.scenarios["doctor"]
    for exchange in demo.exchanges:
        for expected in (
            exchange.answer,
            exchange.note,
            scenario.question(exchange.question).ask["reyes"],
        ):
            assert (
                expected if form != "html" else expected.replace("'", "&#x27;")
            ) in text
    assert (
        scenario.tips[0]
        .text.split(".")[0]
        .replace("'", "&#x27;" if form == "html" else "'")
        in text
    )
    assert "sexual health specialist" in text and "not medical advice" in text


def test_the_html_handout_is_one_well_formed_self_contained_page(tmp_path):
    out = tmp_path / "handout.html"
    assert (
        run_cli("demo", "partner", "--format", "html", "--output", str(out)).returncode
        == 0
    )
    page = out.read_text()

    class Checker(HTMLParser):
        stack, external = [], []

        def handle_starttag(self, tag, attrs):
            if tag not in ("meta", "br", "link"):
                self.stack.append(tag)
            self.external += [v for k, v in attrs if k in ("src", "href") and v]

        def handle_endtag(self, tag):
            assert self.stack.pop() == tag

    checker = Checker()
    checker.feed(page)
    assert checker.stack == [] and checker.external == [], (
        "balanced tags, nothing fetched from elsewhere"
    )
    assert "@media print" in page and "@page" in page


def test_printing_to_stdout_without_output(tmp_path):
    result = run_cli("demo", "date")
    assert result.returncode == 0 and result.stdout.startswith(
        CONTENT.demos_for("date")[0].title
    )


@pytest.mark.parametrize(
    "args,expected",
    [
        (["demo", "dating"], "date, partner, doctor"),
        (["demo", "doctor", "--character", "sam"], "patel, morgan, reyes"),
        (["demo", "date", "--format", "pdf"], "choose from 'text', 'markdown', 'html'"),
        (["demo"], "scenario"),
    ],
)
def test_bad_arguments_list_the_valid_choices_and_fail(args, expected):
    result = run_cli(*args)
    assert result.returncode != 0 and expected in result.stderr


def test_an_unwritable_output_is_a_clear_error(tmp_path):
    result = run_cli(
        "demo", "date", "--output", str(tmp_path / "missing" / "handout.txt")
    )
    assert result.returncode == 1 and "cannot write" in result.stderr
