"""Stitching a reply's pieces together (bot/core/composing.py `stitched`)."""

from __future__ import annotations

import pytest

from bot.core.composing import stitched


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
    ],
)
def test_a_second_okay_is_dropped(pieces, text):
    assert stitched(pieces) == text


def test_pieces_without_a_filler_before_them_are_kept_whole():
    pieces = ["Thank you for telling me.", None, "Okay, what now?"]
    assert stitched(pieces) == "Thank you for telling me. Okay, what now?"


def test_nothing_to_say_is_none():
    assert stitched([None, ""]) is None
