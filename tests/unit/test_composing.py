"""Stitching a reply's pieces together (bot/core/composing.py `stitched`)."""

from __future__ import annotations

import pytest

from bot.core.composing import caution_once, stitched


@pytest.mark.parametrize(
    "pieces,text",
    [
        (
            ["Okay.", "Okay, let's note it and come back to it next time."],
            "Okay. Let's note it and come back to it next time.",
        ),
        (
            ["Huh. Okay, go on.", "Okay, real question. Can I catch it?"],
            "Huh. Okay, go on. Real question. Can I catch it?",
        ),
        (["Right.", "All right.", "What now?"], "Right. What now?"),
        (
            ["Huh. I guess I didn't.", "Huh. So that's from the treatment?"],
            "Huh. I guess I didn't. So that's from the treatment?",
        ),
    ],
)
def test_a_second_okay_is_dropped(pieces, text):
    assert stitched(pieces) == text


def test_a_second_hey_is_dropped():
    pieces = ["Hey. Thank you for telling me.", "Hey. I hate that you're scared."]
    assert (
        stitched(pieces) == "Hey. Thank you for telling me. I hate that you're scared."
    )


def test_thanks_come_once_a_reply():
    pieces = [
        "Huh. Thanks for telling me straight.",
        "That works for me. Thanks for being straight with me tonight. Same time?",
    ]
    assert stitched(pieces) == (
        "Huh. Thanks for telling me straight. That works for me. Same time?"
    )


def test_glad_you_told_me_after_a_thank_you_is_dropped_but_not_a_question():
    pieces = [
        "Thank you for telling me about the tiredness.",
        "Oh, I'd be scared too. But I'm really glad you told me you're scared.",
        "I'm glad you told me. Can I ask what helps?",
    ]
    assert stitched(pieces) == (
        "Thank you for telling me about the tiredness. Oh, I'd be scared too. "
        "Can I ask what helps?"
    )
    # (a question is kept, thanks and all)
    assert stitched(["Thanks.", "Glad you told me, so what helps?"]) == (
        "Thanks. Glad you told me, so what helps?"
    )


def test_a_piece_that_only_thanks_again_is_dropped():
    assert stitched(["Thank you for telling me.", "Thanks for being honest."]) == (
        "Thank you for telling me."
    )


def test_a_pet_name_comes_once_a_reply():
    pieces = ["I hear you, love.", "We go at your pace, love. Okay, love?"]
    assert stitched(pieces) == "I hear you, love. We go at your pace. Okay?"


def test_pieces_without_a_filler_before_them_are_kept_whole():
    pieces = ["Thank you for telling me.", None, "Okay, what now?"]
    assert stitched(pieces) == "Thank you for telling me. Okay, what now?"


def test_nothing_to_say_is_none():
    assert stitched([None, ""]) is None


CAUTION = "Some think estrogen may help it grow, so avoid those unless I say so."


def test_the_caution_is_given_in_the_first_piece_only():
    pieces = [f"There are options. {CAUTION}", f"Have you tried anything? {CAUTION}"]
    kept, cautioned = caution_once(pieces, ["grow", "safe"], cautioned=False)
    assert kept == [pieces[0], "Have you tried anything?"]
    assert cautioned


def test_a_caution_given_before_is_left_out_but_a_bare_caution_stays_whole():
    pieces = [CAUTION, f"There are options. {CAUTION}"]
    kept, _ = caution_once(pieces, ["grow", "safe"], cautioned=True)
    assert kept == [CAUTION, "There are options."]


def test_pieces_without_the_caution_are_untouched():
    kept, cautioned = caution_once(["Okay.", None], ["grow", "safe"], cautioned=False)
    assert (kept, cautioned) == (["Okay.", None], False)
