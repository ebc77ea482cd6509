"""A demo as a handout for a support group: the premise, the conversation
with the coach's notes, the material's tips for that scenario and where to
get professional help, as plain text, Markdown or a self-contained HTML page
(prints on A4 or Letter, readable on a projector).

Used by `python -m bot demo SCENARIO [--character NAME] [--format ...]`.
"""

from __future__ import annotations

import html

from bot.core.content import COACH, Content, Demo
from bot.core.demo_script import MODEL_ANSWER, PROFESSIONAL_HELP, exchange_lines

FORMATS = ("text", "markdown", "html")


def _parts(content: Content, demo: Demo):
    scenario = content.scenarios[demo.scenario]
    character = scenario.character(demo.character)
    exchanges = [
        exchange_lines(content, demo, step) for step in range(len(demo.exchanges))
    ]
    return {
        "title": demo.title,
        "subtitle": f"{scenario.title}, with {character.name} ({character.style})",
        "premise": demo.premise,
        "inspired_by": demo.inspired_by,
        "exchanges": exchanges,
        "tips": [t.text for t in scenario.tips],
        "help": content.topics[PROFESSIONAL_HELP].answer,
        "disclaimer": content.app["disclaimer"],
    }


def as_text(content: Content, demo: Demo) -> str:
    p = _parts(content, demo)
    out: list[str] = [
        p["title"],
        "=" * len(p["title"]),
        p["subtitle"],
        "",
        p["premise"],
    ]
    if p["inspired_by"]:
        out += ["", f"Inspired by: {p['inspired_by']}"]
    for number, lines in enumerate(p["exchanges"], 1):
        out += ["", f"--- Exchange {number} ---"]
        out += [
            f"{line.speaker}: {line.text}"
            if line.speaker != COACH
            else f"  What worked: {line.text}"
            for line in lines
        ]
    out += ["", "Tips for this conversation:"] + [f"- {tip}" for tip in p["tips"]]
    out += ["", "Where to get professional help:", p["help"], "", p["disclaimer"]]
    return "\n".join(out) + "\n"


def as_markdown(content: Content, demo: Demo) -> str:
    p = _parts(content, demo)
    out: list[str] = [f"# {p['title']}", "", f"*{p['subtitle']}*", "", p["premise"]]
    if p["inspired_by"]:
        out += ["", f"*Inspired by: {p['inspired_by']}*"]
    for number, lines in enumerate(p["exchanges"], 1):
        out += ["", f"## Exchange {number}", ""]
        for line in lines:
            if line.speaker == COACH:
                out += ["", f"> **What worked:** {line.text}"]
            else:
                out += [f"**{line.speaker}:** {line.text}", ""]
    out += ["", "## Tips for this conversation", ""] + [f"- {tip}" for tip in p["tips"]]
    out += [
        "",
        "## Where to get professional help",
        "",
        p["help"],
        "",
        "---",
        "",
        f"*{p['disclaimer']}*",
    ]
    return "\n".join(out) + "\n"


STYLE = """
  body { font: 1.2rem/1.5 system-ui, sans-serif; color: #1a1a1a; background: #fff; \
max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
  h1 { font-size: 2rem; margin-bottom: .2rem; } \
h2 { font-size: 1.35rem; margin-top: 1.6rem; border-bottom: 2px solid #ddd; }
  .subtitle, .inspired { color: #444; font-style: italic; }
  .line { margin: .4rem 0; padding: .5rem .8rem; border-radius: .5rem; \
break-inside: avoid; }
  .character { background: #eef3fb; border-left: .35rem solid #2f5d9e; }
  .answer { background: #eef7ee; border-left: .35rem solid #2e7d32; margin-left: 2rem; }
  .note { background: #fff8e6; border-left: .35rem solid #b26a00; }
  .who { font-weight: 700; }
  .exchange { break-inside: avoid; }
  footer { margin-top: 2rem; color: #444; font-size: 1rem; }
  @page { margin: 15mm; }  /* no fixed size: fits A4 and Letter alike */
  @media print { body { font-size: 11pt; margin: 0; max-width: none; } \
.line { border-left-width: 3pt; } }
"""


def as_html(content: Content, demo: Demo) -> str:
    p = _parts(content, demo)
    e = html.escape
    body: list[str] = [
        f"<h1>{e(p['title'])}</h1>",
        f'<p class="subtitle">{e(p["subtitle"])}</p>',
        f"<p>{e(p['premise'])}</p>",
    ]
    if p["inspired_by"]:
        body.append(f'<p class="inspired">Inspired by: {e(p["inspired_by"])}</p>')
    for number, lines in enumerate(p["exchanges"], 1):
        body.append(f'<section class="exchange"><h2>Exchange {number}</h2>')
        for line in lines:
            kind = (
                "note"
                if line.speaker == COACH
                else "answer"
                if line.speaker == MODEL_ANSWER
                else "character"
            )
            who = "What worked" if kind == "note" else line.speaker
            body.append(
                f'<p class="line {kind}"><span class="who">{e(who)}:</span> '
                f"{e(line.text)}</p>"
            )
        body.append("</section>")
    body.append(
        "<h2>Tips for this conversation</h2><ul>"
        + "".join(f"<li>{e(t)}</li>" for t in p["tips"])
        + "</ul>"
    )
    help_lines = "<br>".join(e(line) for line in p["help"].splitlines())
    body.append(f"<h2>Where to get professional help</h2><p>{help_lines}</p>")
    body.append(f"<footer>{e(p['disclaimer'])}</footer>")
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(p['title'])}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def render(content: Content, demo: Demo, form: str) -> str:
    return {"text": as_text, "markdown": as_markdown, "html": as_html}[form](
        content, demo
    )
