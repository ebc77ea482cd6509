"""Command line: `python -m bot serve|chat|run`.

- serve: the servers and the chat page in the foreground (what browsers and other clients talk to)
- chat:  a terminal chat against running servers
- run:   the servers in the background, then the terminal chat; leaving the chat stops them
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Callable

import requests

from bot.chat import chat
from bot.servers import DEFAULT_MODEL, HOST, ServerError, Servers, exit_on_hangup


def _servers(args: argparse.Namespace, log_dir=None) -> Servers:
    return Servers(
        rasa_port=args.port, actions_port=args.actions_port, web_port=args.web_port,
        model=Path(args.model), log_dir=log_dir,
    )


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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("serve", "start both servers in the foreground"),
        ("run", "start both servers and chat in the terminal"),
        ("chat", "chat in the terminal with running servers"),
    ):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("--port", type=int, default=5005, help="Rasa server port (default 5005)")
        if name != "chat":
            command.add_argument("--actions-port", type=int, default=5055, help="action server port (default 5055)")
            command.add_argument("--model", default=str(DEFAULT_MODEL), help="trained model file")
            command.add_argument("--web-port", type=int, default=8080, help="chat page port (default 8080)")
    args = parser.parse_args(argv)
    if args.command == "chat":
        try:
            chat(f"http://{HOST}:{args.port}")
        except requests.RequestException:
            print(f"error: no assistant answers on port {args.port}. Start it with `make serve`.", file=sys.stderr)
            return 1
        return 0
    return {"serve": serve, "run": run}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
