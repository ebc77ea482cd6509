"""The chat page in a real browser (Debian's chromium, driven by Playwright)
against the real servers: pick a scenario with buttons, play turns, ask the
coach, reload, delete the conversation, a crisis, keyboard use, and bot text
never run as HTML.

A screenshot of a role-play in progress is saved to test-artifacts/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect, sync_playwright

from bot.core.content import content as bundled_content
from bot.paths import ROOT
from bot.running.rasa_config import SOCKETIO_CHANNEL
from tests.helpers import stored_events

CONTENT = bundled_content()
CHANNEL_ORIGINS = yaml.safe_load((ROOT / "credentials.yml").read_text())[
    SOCKETIO_CHANNEL
]["allowed_origins"]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# As this machine's probe starts it: no sandbox as root, nothing reaching out.
# The embedding tests serve a "clinic" page that Chromium cannot place in an
# address space, and it then refuses its requests to loopback (local network
# access); in a deployment both sites are public hosts, so the check is off here.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests",
]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is missing: `make browser` installs Debian's package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, running):
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    page.goto(
        f"http://127.0.0.1:{running.web_port}/?server=http://127.0.0.1:{running.rasa_port}"
    )
    yield page
    context.close()


def say(page, text):
    count = page.locator(".rc-msg:not(.rc-user)").count()
    page.get_by_label("Your message").fill(text)
    page.keyboard.press("Enter")
    expect(page.locator(".rc-msg:not(.rc-user)")).not_to_have_count(count)
    page.wait_for_timeout(300)  # a turn can bring more than one message


def start_roleplay(page, scenario_id, character_id):
    scenario = CONTENT.scenarios[scenario_id]
    character = scenario.character(character_id)
    expect(page.locator(".rc-coach").first).to_contain_text("not medical advice")
    page.get_by_role("button", name=scenario.title).click()
    page.get_by_role("button", name=f"{character.name} ({character.style})").click()
    expect(page.locator(".rc-character").last).to_contain_text(
        scenario.questions[0].ask[character_id]
    )


def test_a_roleplay_with_the_coach_survives_a_reload(page):
    start_roleplay(page, "date", "sam")
    for answer in (
        "I need to tell you something. I have metastatic breast cancer",
        "It means the cancer has spread, and I'm having treatment for it",
        "I'd rather take things slowly and share more when I'm ready",
    ):
        say(page, answer)
    # The opening "Hi", two buttons, three answers.
    expect(page.locator(".rc-user")).to_have_count(6)
    page.get_by_role("button", name="What should I say?").click()
    coach = page.locator(".rc-coach").filter(
        has_text="Here are some ways you could answer Sam"
    )
    expect(coach).to_have_count(1)
    expect(page.locator(".rc-character .rc-who").last).to_have_text("Sam (your date)")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "roleplay.png"), full_page=True)

    before = page.locator(".rc-msg").all_inner_texts()
    page.reload()
    expect(page.locator(".rc-msg")).to_have_count(len(before))
    assert page.locator(".rc-msg").all_inner_texts() == before
    say(page, "can you repeat that?")
    expect(page.locator(".rc-character").last).to_contain_text(
        page.locator(".rc-character").nth(-2).inner_text().split("\n")[-1]
    )


def test_new_conversation_starts_afresh(page):
    start_roleplay(page, "partner", "robin")
    page.get_by_role("button", name="New conversation").click()
    expect(page.locator(".rc-character")).to_have_count(0)
    expect(page.locator(".rc-coach").first).to_contain_text("not medical advice")


def test_delete_conversation_erases_it_on_the_server_and_in_the_browser(page, running):
    start_roleplay(page, "partner", "chris")
    say(page, "Since the chemo I've been really dry and sex has started to hurt")
    session = page.evaluate(
        "JSON.parse(localStorage.getItem('rehearsal-chat')).sessionId"
    )
    assert stored_events(running, session) > 0
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete conversation").click()
    expect(page.locator(".rc-coach").last).to_contain_text(CONTENT.app["erased"])
    expect(page.locator(".rc-character")).to_have_count(0)
    assert stored_events(running, session, expect_zero=True) == 0
    kept = page.evaluate("localStorage.getItem('rehearsal-chat')") or ""
    assert session not in kept and "dry" not in kept


def test_asking_in_words_and_pressing_yes_erases_the_browser_copy_too(page, running):
    start_roleplay(page, "date", "sam")
    session = page.evaluate(
        "JSON.parse(localStorage.getItem('rehearsal-chat')).sessionId"
    )
    say(page, "please delete my conversation")
    page.get_by_role("button", name=CONTENT.app["erase_yes"]).click()
    expect(page.locator(".rc-coach").last).to_contain_text(CONTENT.app["erased"])
    expect(page.locator(".rc-user")).to_have_count(0)
    assert stored_events(running, session, expect_zero=True) == 0
    assert session not in (
        page.evaluate("localStorage.getItem('rehearsal-chat')") or ""
    )


def test_a_crisis_typed_in_the_page_gets_the_contacts_and_pause_buttons(page):
    start_roleplay(page, "date", "jordan")
    say(page, "I've been thinking about killing myself")
    expect(page.locator(".rc-coach").filter(has_text="988")).to_have_count(1)
    expect(page.get_by_role("button", name="Go on with the practice")).to_be_visible()


def test_a_demo_from_the_button_then_a_try_and_the_transcript_download(page, tmp_path):
    expect(page.locator(".rc-coach").first).to_contain_text("not medical advice")
    page.get_by_role("button", name="Show an example").click()
    demo = CONTENT.demos["partner-robin"]
    page.get_by_role("button", name=demo.title).click()
    expect(page.locator(".rc-model")).to_have_count(1)
    expect(page.locator(".rc-model").first).to_contain_text(demo.exchanges[0].answer)
    page.get_by_role("button", name=CONTENT.app["demo_next"]).last.click()
    expect(page.locator(".rc-model")).to_have_count(2)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "demo.png"))
    page.get_by_role("button", name=CONTENT.app["demo_try"]).last.click()
    expect(page.locator(".rc-coach").last).to_contain_text(
        CONTENT.app["demo_your_turn"].split(".")[0]
    )
    say(page, "Since the chemo I've been really dry and sex has started to hurt")
    page.locator(".rc-stop-button").click()
    expect(page.locator(".rc-coach").filter(has_text="How you did")).to_have_count(1)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download transcript").click()
    saved = tmp_path / "transcript.txt"
    download.value.save_as(saved)
    text = saved.read_text()
    assert download.value.suggested_filename.startswith("practice-transcript-")
    assert "Model answer: " + demo.exchanges[0].answer in text
    assert "You: Since the chemo I've been really dry" in text and "How you did" in text


def test_bot_text_is_never_run_as_html(page):
    start_roleplay(page, "doctor", "patel")
    probe = (
        'I have vaginal dryness <img src=x onerror="window.__xss=1">'
        "<script>window.__xss=2</script>"
    )
    say(page, probe)
    page.get_by_role("button", name="Stop").click()
    feedback = page.locator(".rc-coach").filter(has_text="How you did")
    # The recap quotes it, as text.
    expect(feedback).to_contain_text('<img src=x onerror="window.__xss=1">')
    assert page.evaluate("window.__xss") is None
    assert page.locator(".rc-log img, .rc-log script").count() == 0


def test_keyboard_reaches_the_input_and_the_buttons(page):
    expect(page.locator(".rc-choice").first).to_be_visible()
    reached = set()
    for _ in range(25):
        page.keyboard.press("Tab")
        reached.add(
            page.evaluate(
                "document.activeElement.className || document.activeElement.tagName"
            )
        )
    assert (
        "rc-input" in reached
        and "rc-choice" in reached
        and "rc-coach-button" in reached
    )
    page.get_by_label("Your message").focus()
    page.keyboard.type("what can you do?")
    page.keyboard.press("Enter")
    expect(page.locator(".rc-user").last).to_have_text("You" + "what can you do?")


def test_usable_at_phone_width_with_large_text(browser, running):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(
        f"http://127.0.0.1:{running.web_port}/?server=http://127.0.0.1:{running.rasa_port}"
    )
    expect(page.locator(".rc-coach").first).to_be_visible()
    page.get_by_role("button", name="Large text").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, (
        "no sideways scrolling"
    )
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.rc-text')).fontSize")
        == "24px"
    )
    context.close()


def embedding_page(browser, running, site):
    """A page at `site` that only adds the README's script tag and config object
    (served by Playwright itself, so `site` needs no server of its own)."""
    host = f"http://127.0.0.1:{running.web_port}"
    page = browser.new_page()
    page.route(
        site,
        lambda route: route.fulfill(
            content_type="text/html",
            body=f"""
        <!doctype html><title>Clinic</title><div id="practice-chat"></div>
        <script src="{host}/widget.js"></script>
        <script>RehearsalChat.mount({{ server: "http://127.0.0.1:{running.rasa_port}", \
container: "#practice-chat" }});</script>
    """,
        ),
    )
    page.goto(site)
    return page


def test_the_embedding_snippet_works_on_a_listed_site(browser, running):
    listed = CHANNEL_ORIGINS[0] + "/clinic.html"  # an origin in credentials.yml
    page = embedding_page(browser, running, listed)
    expect(page.locator("#practice-chat .rc-coach").first).to_contain_text(
        "not medical advice", timeout=15000
    )
    assert (
        page.evaluate(
            "getComputedStyle(document.querySelector('.rc-coach')).borderLeftStyle"
        )
        == "solid"
    )
    page.close()


def test_a_site_not_listed_gets_no_conversation(browser, running):
    page = embedding_page(browser, running, "http://clinic.test/")
    expect(page.locator("#practice-chat .rc-note")).to_be_visible()
    page.wait_for_timeout(3000)
    assert page.locator("#practice-chat .rc-msg:not(.rc-user)").count() == 0
    page.close()


def test_the_community_rasa_webchat_widget_converses_with_our_server(browser, running):
    """Sites that already embed rasa-webchat 1.0.1 (from npm) can point it at us."""
    bundle = ROOT / "node_modules" / "rasa-webchat" / "lib" / "index.js"
    site = CHANNEL_ORIGINS[0]
    page = browser.new_page()
    page.route(
        f"{site}/rasa-webchat.js",
        lambda route: route.fulfill(path=str(bundle), content_type="text/javascript"),
    )
    page.route(
        f"{site}/webchat.html",
        lambda route: route.fulfill(
            content_type="text/html",
            body=f"""
        <!doctype html><div id="webchat"></div>
        <script src="{site}/rasa-webchat.js"></script>
        <script>WebChat.default({{ initPayload: "hi", socketUrl: "http://127.0.0.1:{running.rasa_port}",
          socketPath: "/socket.io/", customData: {{ language: "en" }}, \
embedded: true }}, null);</script>
    """,
        ),
    )
    page.goto(f"{site}/webchat.html")
    expect(page.locator("body")).to_contain_text(
        CONTENT.app["disclaimer"], timeout=20000
    )
    for scenario in CONTENT.scenarios.values():
        # The quick replies, shown one message at a time.
        expect(page.locator("body")).to_contain_text(scenario.title, timeout=20000)
    page.close()
