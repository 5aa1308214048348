"""`binggui serve`: the API under waitress (a production WSGI server, never Flask's dev server).

The rule base is compiled before the socket opens; a policy error stops the command (exit 1)
with every error printed. Once listening, one line `binggui: serving http://HOST:PORT ...` goes
to stdout (with `--port 0` the OS picks a free port and that line names it). `--workers N`
runs N such processes on one socket (kb/cli/serve_workers.py): one process answers with at
most one CPU, since pyDatalog evaluates one household at a time in it.
"""
from __future__ import annotations

import argparse
import logging
import os
import socket
import sys

from server import DEFAULT_MAX_BYTES, DEFAULT_MAX_INCOME_ITEMS, DEFAULT_MAX_MEMBERS


def add_command(subparsers) -> None:
    p = subparsers.add_parser("serve", help="serve the HTTP API (waitress)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    p.add_argument("--threads", type=int, default=8, help="threads per process (default 8)")
    p.add_argument("--workers", type=int, default=1,
                   help="server processes sharing the port (default 1); one process uses at most one CPU "
                        "for answers, so use up to the number of CPUs")
    p.add_argument("--listen-fd", type=int, default=None, help=argparse.SUPPRESS)   # a worker's inherited socket
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES,
                   help=f"largest request body in bytes (default {DEFAULT_MAX_BYTES}); larger gets a JSON 413")
    p.add_argument("--max-members", type=int, default=DEFAULT_MAX_MEMBERS,
                   help=f"most members one household may list (default {DEFAULT_MAX_MEMBERS}); more get a JSON 413")
    p.add_argument("--max-income-items", type=int, default=DEFAULT_MAX_INCOME_ITEMS,
                   help=f"most income items one household may list (default {DEFAULT_MAX_INCOME_ITEMS}); "
                        "more get a JSON 413")
    p.add_argument("--policies", action="append", metavar="DIR", default=[],
                   help="a deployer's folder, served on top of the shipped knowledge base: jurisdiction "
                        "folders to add, and <id>/parameters.yaml folders overriding a jurisdiction's "
                        "parameters (repeatable; check it first with `binggui lint DIR`)")
    p.set_defaults(func=cmd_serve)


def _cannot_listen(args, err: Exception) -> int:
    print(f"binggui serve: cannot listen on {args.host}:{args.port}: {getattr(err, 'strerror', None) or err}",
          file=sys.stderr)
    return 2


def cmd_serve(args) -> int:
    from waitress.server import create_server

    from grammar import PolicyErrors

    from server import create_app
    from server.heap import settle_heap
    from server.waitress_errors import answer_waitress_errors_as_json

    if min(args.threads, args.workers, args.max_bytes, args.max_members, args.max_income_items) < 1 \
            or not 0 <= args.port <= 65535:
        print("binggui serve: --threads, --workers, --max-bytes, --max-members and --max-income-items must be "
              "positive, --port in 0..65535", file=sys.stderr)
        return 2
    if args.listen_fd is None:
        try:    # before the rule base is loaded: a mistyped --host ends at once, in one line
            socket.getaddrinfo(args.host, args.port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as err:
            return _cannot_listen(args, err)
    if args.workers > 1 and args.listen_fd is None:
        return _serve_in_workers(args)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        app = create_app({"MAX_CONTENT_LENGTH": args.max_bytes, "MAX_MEMBERS": args.max_members,
                          "MAX_INCOME_ITEMS": args.max_income_items, "POLICY_OVERLAYS": args.policies})
    except PolicyErrors as errs:
        print(errs, file=sys.stderr)
        print(f"{len(errs.errors)} policy error(s); not serving", file=sys.stderr)
        return 1
    rb = app.extensions["binggui"]["rulebase"]
    settle_heap()
    # Hand the interpreter lock on more often than every 5 ms: a CPU-bound household then delays
    # the I/O of /health and of the other requests less.
    sys.setswitchinterval(0.001)
    # Waitress buffers a body before the app sees it; bound that too, well above the app's limit so
    # that moderately oversized bodies still get the app's JSON 413 (beyond it, waitress refuses
    # without buffering, with the same JSON error: server/waitress_errors.py).
    where = {"sockets": [socket.socket(fileno=args.listen_fd)]} if args.listen_fd is not None \
        else {"host": args.host, "port": args.port}
    try:
        server = create_server(app, threads=args.threads, **where,
                               max_request_body_size=max(4 * args.max_bytes, args.max_bytes + (1 << 20)),
                               ident="binggui")
    except (OSError, ValueError) as err:     # waitress: ValueError for a host it cannot resolve
        return _cannot_listen(args, err)
    answer_waitress_errors_as_json(server, args.max_bytes)
    if os.environ.get("BINGGUI_WORKER_INDEX", "0") == "0":   # one worker warms the shared disk cache
        from server.conflicts import warm
        warm(app)
    loaded = f"rulebase {rb.version}; {', '.join(rb.jurisdictions)}; {args.threads} threads"
    if args.listen_fd is not None:
        from kb.cli.serve_workers import READY
        print(f"{READY} {loaded}", flush=True)
    else:
        print(f"binggui: serving {_url(server.effective_host, server.effective_port)} ({loaded})", flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0


def _url(host, port) -> str:
    shown = f"[{host}]" if ":" in str(host) else host
    return f"http://{shown}:{port}"


def _serve_in_workers(args) -> int:
    from kb.cli.serve_workers import listening_socket, run_workers
    try:
        sock = listening_socket(args.host, args.port)
    except (OSError, ValueError) as err:     # a host that is no address (also refused before, in cmd_serve)
        return _cannot_listen(args, err)
    host, port = sock.getsockname()[:2]
    options = ["--threads", str(args.threads), "--max-bytes", str(args.max_bytes),
               "--max-members", str(args.max_members), "--max-income-items", str(args.max_income_items)]
    for folder in args.policies:
        options += ["--policies", folder]
    return run_workers(options, sock, args.workers, _url(host, port))
