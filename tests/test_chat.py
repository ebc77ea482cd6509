"""The terminal chat's handling of numbered buttons."""

from bot.chat import render, resolve

BUTTONS = [{"title": "A", "payload": "/start_scenario{\"scenario\":\"date\"}"}, {"title": "B", "payload": "/stop"}]


def test_a_number_presses_that_button():
    assert resolve("2", BUTTONS) == "/stop"
    assert resolve("1", BUTTONS) == BUTTONS[0]["payload"]


def test_anything_else_is_sent_as_typed():
    assert resolve("3", BUTTONS) == "3"
    assert resolve("0", BUTTONS) == "0"
    assert resolve("I have cancer", BUTTONS) == "I have cancer"
    assert resolve("2", []) == "2"


def test_render_numbers_buttons_across_messages(capsys):
    buttons = render([{"text": "one", "buttons": BUTTONS[:1]}, {"text": "two", "buttons": BUTTONS[1:]}])
    assert buttons == BUTTONS
    out = capsys.readouterr().out
    assert "[1] A" in out and "[2] B" in out
