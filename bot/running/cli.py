"""Command line: `python -m bot serve|chat|run|purge|scenarios|demo`.

- serve:     the servers and the chat page in the foreground (what browsers and
             other clients talk to)
- chat:      a terminal chat against running servers
- run:       the servers in the background, then the terminal chat; leaving the
             chat stops them
- purge:     erase the stored conversations older than the retention period
- scenarios: the scenarios, their characters and demos (for facilitators)
- demo:      a demo as a handout (text, Markdown or HTML)
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import requests

from bot.core.handout import FORMATS
from bot.paths import DEFAULT_MODEL
from bot.running.chat import chat
from bot.running.processes import HOST, ServerError
from bot.running.rasa_config import store_config
from bot.running.supervisor import Servers, exit_on_hangup

API_TOKEN_VARIABLE = "RASA_API_TOKEN"
MIN_TOKEN_CHARS = 16


def _servers(args: argparse.Namespace, log_dir=None) -> Servers:
    return Servers(
        rasa_port=args.port,
        actions_port=args.actions_port,
        web_port=args.web_port,
        model=Path(args.model),
        log_dir=log_dir,
        host=args.host,
        api_token=args.api_token,
    )


def _api_token(enabled: bool) -> str:
    """The token Rasa's HTTP API will require, from the environment rather
    than our command line (so it stays out of shell history). Rasa itself
    only takes it as `--auth-token`, so the Rasa process's arguments show it
    to other users of the same machine (docs/privacy.md)."""
    if not enabled:
        return ""
    token = os.environ.get(API_TOKEN_VARIABLE, "")
    if len(token) < MIN_TOKEN_CHARS:
        raise SystemExit(
            f"error: --enable-api needs a token of at least {MIN_TOKEN_CHARS} "
            f"characters in {API_TOKEN_VARIABLE}: the HTTP API can read and change "
            "every conversation. "
            f'For example: export {API_TOKEN_VARIABLE}="$(openssl rand -hex 24)"'
        )
    return token


def purge(args: argparse.Namespace) -> int:
    from bot.rasa_server.tracker_store import open_store  # imports Rasa: only here

    config = store_config()
    days = args.days if args.days is not None else config.get("retention_days")
    if days is None:
        print(
            "error: no retention period: "
            "pass --days or set retention_days in endpoints.yml",
            file=sys.stderr,
        )
        return 2
    if days < 0:
        print("error: --days must be 0 or more", file=sys.stderr)
        return 2
    where = (
        config.get("db")
        if config.get("dialect") == "sqlite"
        else f"{config.get('dialect')} database {config.get('db')}"
    )
    erased = open_store(config).purge(float(days))
    print(
        f"Erased {erased} conversation(s) idle for more than {days:g} days "
        f"from {where}."
    )
    return 0


def _with_servers(servers: Servers, then: Callable[[Servers], int]) -> int:
    """Starts both servers, runs `then` once they answer, and always stops them."""
    exit_on_hangup()
    try:
        servers.start()
        servers.wait_until_ready(progress=True)
        return then(servers)
    except ServerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        try:
            print("\nStopping the servers...", flush=True)
        except OSError:
            pass  # the terminal is gone (closed window): stop the servers all the same
        servers.stop()


def _watch(servers: Servers) -> int:
    print(f"Ready. Chat page: {servers.page_url}", flush=True)
    print(f"REST: POST {servers.url}/webhooks/rest/webhook  (Ctrl-C stops)", flush=True)
    while all(p.poll() is None for p in servers.processes):
        time.sleep(1)
    dead = [p.name for p in servers.processes if p.poll() is not None]
    print(f"error: the {', '.join(dead)} server stopped unexpectedly", file=sys.stderr)
    return 1


def serve(args: argparse.Namespace) -> int:
    print("Starting the action server and the Rasa server...", flush=True)
    return _with_servers(_servers(args), _watch)


def run(args: argparse.Namespace) -> int:
    log_dir = Path(".run/logs")
    print(f"Starting the servers (logs in {log_dir}/)...", flush=True)

    def chat_here(servers: Servers) -> int:
        print(f"The chat page is at {servers.page_url} too.", flush=True)
        chat(servers.url)
        return 0

    return _with_servers(_servers(args, log_dir=log_dir), chat_here)


def scenarios(args: argparse.Namespace) -> int:
    from bot.core.content import content

    bundled = content()
    for scenario in bundled.scenarios.values():
        print(f"{scenario.id}: {scenario.title}\n  {scenario.summary}")
        for character in scenario.characters:
            demos = (
                ", ".join(d.title for d in bundled.demos_for(scenario.id, character.id))
                or "no demo"
            )
            print(
                f"  {character.id:<8} {character.name} ({character.style}): "
                f"{character.description}\n           Demo: {demos}"
            )
    print(
        "\nA handout: python -m bot demo SCENARIO [--character ID] "
        "[--format text|markdown|html] [--output FILE]"
    )
    return 0


def demo(args: argparse.Namespace) -> int:
    from bot.core.content import content
    from bot.core.handout import render

    bundled = content()
    scenario = bundled.scenarios.get(args.scenario)
    if scenario is None:
        print(
            f"error: no scenario {args.scenario!r}; "
            f"choose one of: {', '.join(bundled.scenarios)}",
            file=sys.stderr,
        )
        return 2
    valid = [c.id for c in scenario.characters if bundled.demos_for(scenario.id, c.id)]
    character = (args.character or valid[0]).lower()
    if character not in valid:
        print(
            f"error: no demo with {args.character!r} in {scenario.id}; "
            f"choose one of: {', '.join(valid)}",
            file=sys.stderr,
        )
        return 2
    handout = render(bundled, bundled.demos_for(scenario.id, character)[0], args.format)
    if args.output:
        try:
            Path(args.output).write_text(handout, encoding="utf-8")
        except OSError as error:
            print(
                f"error: cannot write {args.output}: {error.strerror}", file=sys.stderr
            )
            return 1
        print(f"Wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(handout)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot", description=__doc__.splitlines()[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("serve", "start both servers in the foreground"),
        ("run", "start both servers and chat in the terminal"),
        ("chat", "chat in the terminal with running servers"),
    ):
        command = commands.add_parser(name, help=help_text)
        command.add_argument(
            "--port", type=int, default=5005, help="Rasa server port (default 5005)"
        )
        if name != "chat":
            command.add_argument(
                "--actions-port",
                type=int,
                default=5055,
                help="action server port (default 5055)",
            )
            command.add_argument(
                "--model", default=str(DEFAULT_MODEL), help="trained model file"
            )
            command.add_argument(
                "--web-port",
                type=int,
                default=8080,
                help="chat page port (default 8080)",
            )
            command.add_argument(
                "--host",
                default=HOST,
                help=(
                    "address the Rasa server and the chat page listen on "
                    f"(default {HOST}: this machine only)"
                ),
            )
            command.add_argument(
                "--enable-api",
                action="store_true",
                help=(
                    "turn on Rasa's HTTP API, which requires the token in "
                    f"${API_TOKEN_VARIABLE} (default off)"
                ),
            )
    command = commands.add_parser(
        "purge", help="erase conversations older than the retention period"
    )
    command.add_argument(
        "--days",
        type=float,
        help="erase those idle for more than this many days (default: endpoints.yml)",
    )
    commands.add_parser(
        "scenarios", help="list the scenarios, their characters and demos"
    )
    command = commands.add_parser("demo", help="print or write a demo as a handout")
    command.add_argument("scenario", help="which conversation (see `scenarios`)")
    command.add_argument(
        "--character", help="whose demo (default: the scenario's first)"
    )
    command.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default), markdown or html",
    )
    command.add_argument("--output", help="write to this file instead of printing")
    args = parser.parse_args(argv)
    if args.command in ("purge", "scenarios", "demo"):
        return {"purge": purge, "scenarios": scenarios, "demo": demo}[args.command](
            args
        )
    if args.command != "chat":
        args.api_token = _api_token(args.enable_api) or None
    if args.command == "chat":
        try:
            chat(f"http://{HOST}:{args.port}")
        except requests.RequestException:
            print(
                f"error: no assistant answers on port {args.port}. "
                "Start it with `make serve`.",
                file=sys.stderr,
            )
            return 1
        return 0
    return {"serve": serve, "run": run}[args.command](args)
