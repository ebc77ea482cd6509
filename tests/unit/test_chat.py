"""The terminal chat: numbered buttons, and "/save" writing the transcript."""

from bot.running.chat import Transcript, render, resolve, save_command

BUTTONS = [
    {"title": "A", "payload": '/start_scenario{"scenario":"date"}'},
    {"title": "B", "payload": "/stop"},
]


def test_a_number_presses_that_button():
    assert resolve("2", BUTTONS) == "/stop"
    assert resolve("1", BUTTONS) == BUTTONS[0]["payload"]


def test_anything_else_is_sent_as_typed():
    assert resolve("3", BUTTONS) == "3"
    assert resolve("0", BUTTONS) == "0"
    assert resolve("I have cancer", BUTTONS) == "I have cancer"
    assert resolve("2", []) == "2"


def test_render_numbers_buttons_across_messages(capsys):
    buttons = render(
        [
            {"text": "one", "buttons": BUTTONS[:1]},
            {"text": "two", "buttons": BUTTONS[1:]},
        ]
    )
    assert buttons == BUTTONS
    out = capsys.readouterr().out
    assert "[1] A" in out and "[2] B" in out


def test_save_writes_what_was_said_with_button_titles(tmp_path):
    transcript = Transcript()
    transcript.bot([{"text": "Coach: Which conversation?", "buttons": BUTTONS}])
    transcript.user("A")
    transcript.bot([{"text": "Sam (your date): Hi!"}, {"custom": {"data": {}}}])
    said = save_command(f"/save {tmp_path / 'mine.txt'}", transcript)
    text = (tmp_path / "mine.txt").read_text()
    assert "saved to" in said
    assert (
        "Coach: Which conversation?\n\nYou: A\n\nSam (your date): Hi!" in text
        and "not medical advice" in text
    )


def test_save_to_a_missing_folder_says_so(tmp_path):
    assert "Could not save" in save_command(
        f"/save {tmp_path / 'no' / 'x.txt'}", Transcript()
    )
