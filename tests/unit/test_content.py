"""The content files: complete, consistent with the NLU and domain, and true
to the material (no invented drugs or doses, the estrogen caution kept)."""

import re
import shutil

import pytest
import yaml

from bot.core.content import (
    CONTENT_DIR,
    PROPOSAL_ANSWER,
    ContentError,
    all_lines,
    load_content,
)
from bot.paths import ROOT

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())
NLU_INTENTS = {
    block["intent"]
    for path in (ROOT / "data" / "nlu").glob("*.yml")
    for block in yaml.safe_load(path.read_text())["nlu"]
    if "intent" in block
}


def every_line(content):
    lines = [line for s in content.scenarios.values() for line in all_lines(s)]
    return (
        lines + [t.answer for t in content.topics.values()] + list(content.app.values())
    )


def test_three_scenarios_with_three_characters_each(content):
    assert set(content.scenarios) == {"date", "partner", "doctor"}
    for scenario in content.scenarios.values():
        assert len(scenario.characters) >= 3
        assert len({c.style for c in scenario.characters}) == len(
            scenario.characters
        ), "styles differ"


def test_every_move_and_topic_is_an_intent_with_training_examples(content):
    for intent in list(content.moves) + [
        t.intent for t in content.topics.values() if t.intent
    ]:
        assert intent in DOMAIN["intents"], intent
        assert intent in NLU_INTENTS, intent


def test_every_domain_intent_has_training_examples():
    assert set(DOMAIN["intents"]) <= NLU_INTENTS


def test_the_engine_state_and_the_slots_agree():
    from dataclasses import fields

    from bot.core.engine import State

    assert {f.name for f in fields(State)} == set(DOMAIN["slots"])


def test_no_real_names_from_the_patient_stories(content):
    text = "\n".join(every_line(content))
    for name in ("Shiana", "Gregory", "Mary", "Mathis", "Roberta", "Albany"):
        assert name not in text


def test_no_doses_or_drug_names(content):
    text = "\n".join(every_line(content)).lower()
    assert not re.search(r"\b\d+\s?(mg|mcg|ml|milligram)", text)
    for drug in (
        "tamoxifen",
        "letrozole",
        "anastrozole",
        "ospemifene",
        "viagra",
        "testosterone",
        "lidocaine",
    ):
        assert drug not in text


def test_vaginal_dryness_products_carry_the_estrogen_caution(content):
    for line in every_line(content):
        lowered = line.lower()
        if re.search(
            r"product|dryness treatment|treatments? for (vaginal )?dryness|cream|"
            r"\bgels?\b",
            lowered,
        ):
            assert "estrogen" in lowered, line


def test_estrogen_answer_says_to_avoid_unless_the_doctor_says_safe(content):
    answer = content.topics["estrogen"].answer.lower()
    assert "avoid" in answer and "doctor" in answer and "safe" in answer


def test_the_disclaimer_says_practice_not_medical_advice(content):
    assert "not medical advice" in content.app["disclaimer"]


@pytest.fixture
def broken_copy(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


def test_an_unknown_source_is_reported_with_its_place(broken_copy):
    path = broken_copy / "scenarios" / "doctor.yml"
    path.write_text(
        path.read_text().replace(
            "source: Getting Professional Help", "source: Somewhere", 1
        )
    )
    with pytest.raises(ContentError, match="doctor.yml.*unknown source"):
        load_content(broken_copy)


def test_a_missing_character_line_is_reported(broken_copy):
    path = broken_copy / "scenarios" / "date.yml"
    data = yaml.safe_load(path.read_text())
    del data["questions"][1]["ask"]["alex"]
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(ContentError, match=r"date.yml.questions\[1\].ask"):
        load_content(broken_copy)


def test_invalid_yaml_is_reported_with_the_file(broken_copy):
    (broken_copy / "app.yml").write_text("welcome: [unclosed\n")
    with pytest.raises(ContentError, match="app.yml: not valid YAML"):
        load_content(broken_copy)


def test_a_fourth_scenario_is_just_data(broken_copy):
    data = yaml.safe_load((broken_copy / "scenarios" / "date.yml").read_text())
    data["id"] = "friend"
    ids = [character["id"] for character in data["characters"]]

    def renamed(value):
        """Every mapping keyed by the character ids, keyed by the new ones."""
        if isinstance(value, dict):
            return {
                ("friend_" + k if k in ids else k): renamed(v) for k, v in value.items()
            }
        if isinstance(value, list):
            return [renamed(v) for v in value]
        return value

    data = renamed(data)
    for character in data["characters"]:
        character["id"] = "friend_" + character["id"]
    (broken_copy / "scenarios" / "friend.yml").write_text(yaml.safe_dump(data))
    friend = load_content(broken_copy).scenarios["friend"]
    assert [c.id for c in friend.characters] == ["friend_" + i for i in ids]
    assert friend.answer("still_interested").say["friend_sam"]


def test_every_mention_of_estrogen_products_says_to_avoid_them_unless_cleared(content):
    for line in every_line(content):
        lowered = line.lower()
        asks_for_estrogen_free = re.search(
            r"(don.t|do not|doesn.t|without|no) (contain )?estrogen", lowered
        )
        if not asks_for_estrogen_free and re.search(
            r"contains? estrogen|estrogen[- ]containing|"
            r"estrogen (products?|creams?)|with estrogen",
            lowered,
        ):
            assert re.search(
                r"avoid|unless|safe|check with|don't use|stay away", lowered
            ), line


def test_no_answer_to_her_questions_opens_with_yes_or_no(content):
    """She asks the same thing either way round ("would you still want to see
    me?", "is that a dealbreaker?"): an answer that opens with yes or no
    contradicts itself half the time. A proposal is agreed to: it is never
    put the other way round (the lexicon's `proposal` kind leaves out "can we
    not")."""
    polarity = re.compile(
        r"^(yes|yeah|yep|no|nope|nah|not at all|of course|sure|absolutely|"
        r"definitely|never)\b",
        re.IGNORECASE,
    )
    opening = [
        (scenario.id, answer.id, line)
        for scenario in content.scenarios.values()
        for answer in scenario.answers
        if answer.id != PROPOSAL_ANSWER
        for lines in answer.say.values()
        for line in lines
        if polarity.match(line)
    ]
    assert opening == []


def test_the_prognosis_answer_says_the_material_does_not_cover_it(content):
    """No number, no promise: the care team, and practice at being asked."""
    answer = content.topics["prognosis"].answer
    assert "doesn't cover prognosis" in answer and "care team" in answer
    assert not any(ch.isdigit() for ch in answer)
    assert content.scenarios["date"].question("how_long").topics == ("prognosis",)
