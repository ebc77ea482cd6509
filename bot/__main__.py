"""Command line: `python -m bot serve|chat|run`.

- serve: both servers in the foreground (what the web page and other clients talk to)
- chat:  a terminal chat against running servers
- run:   the servers in the background, then the terminal chat; leaving the chat stops them
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import requests

from bot.chat import chat
from bot.servers import DEFAULT_MODEL, HOST, ServerError, Servers, exit_on_hangup


def _servers(args: argparse.Namespace, log_dir=None) -> Servers:
    return Servers(rasa_port=args.port, actions_port=args.actions_port, model=Path(args.model), log_dir=log_dir)


def serve(args: argparse.Namespace) -> int:
    servers = _servers(args)
    exit_on_hangup()
    try:
        print("Starting the action server and the Rasa server...", flush=True)
        servers.start()
        seconds = servers.wait_until_ready(progress=True)
        print(f"Ready in {seconds:.0f} s. REST: POST {servers.url}/webhooks/rest/webhook  (Ctrl-C stops)", flush=True)
        while all(p.poll() is None for p in servers.processes):
            time.sleep(1)
        dead = [p.name for p in servers.processes if p.poll() is not None]
        print(f"error: the {', '.join(dead)} server stopped unexpectedly", file=sys.stderr)
        return 1
    except ServerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        print("\nStopping the servers...", flush=True)
        servers.stop()


def run(args: argparse.Namespace) -> int:
    log_dir = Path(".run/logs")
    servers = _servers(args, log_dir=log_dir)
    exit_on_hangup()
    try:
        print(f"Starting the servers (logs in {log_dir}/)...", flush=True)
        servers.start()
        servers.wait_until_ready(progress=True)
        chat(servers.url)
        return 0
    except ServerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        print("Stopping the servers...", flush=True)
        servers.stop()


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
