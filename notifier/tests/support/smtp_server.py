#!/usr/bin/env python3
"""dtnotify's test SMTP server on loopback, built on aiosmtpd.

Every accepted message is stored as MAILDIR/NNNNNN.eml (written to a temporary name,
then renamed), and one JSON line per message is appended to MAILDIR/received.jsonl with
the envelope, whether the session used TLS, the user that authenticated and the arrival
time (Unix nanoseconds). Both happen
before the server answers 250, so a client that saw 250 finds its mail on disk.

usage: smtp_server.py --port PORT --maildir DIR [--cert PEM --key PEM [--implicit-tls]]
                      [--auth USER:PASS]

With --cert/--key the server offers STARTTLS, or with --implicit-tls speaks TLS from the
first byte (as on port 465). With --auth it offers AUTH PLAIN and LOGIN
(only after STARTTLS when a certificate is given) and refuses mail from sessions that
did not authenticate. It prints "ready HOST:PORT" once listening, and stops on SIGTERM.
"""
import argparse
import json
import os
import signal
import ssl
import threading
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Store:
    """Writes accepted messages and their envelopes to the mail directory."""

    def __init__(self, maildir):
        self.maildir = maildir
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            name = os.path.join(self.maildir, "%06d.eml" % self.count)
            temporary = name + ".part"
            with open(temporary, "wb") as out:
                out.write(envelope.original_content or envelope.content)
                out.flush()
                os.fsync(out.fileno())
            os.rename(temporary, name)
            user = None
            if isinstance(session.auth_data, LoginPassword):
                user = session.auth_data.login.decode()
            record = {
                "file": os.path.basename(name),
                "received_ns": time.time_ns(),
                "mail_from": envelope.mail_from,
                "rcpt_tos": envelope.rcpt_tos,
                "tls": session.ssl is not None,
                "auth": user,
            }
            with open(os.path.join(self.maildir, "received.jsonl"), "a") as log:
                log.write(json.dumps(record) + "\n")
        return "250 Message accepted"


def checker(user, password):
    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == user
            and auth_data.password == password
        )
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    return authenticator


def main():
    parser = argparse.ArgumentParser(description="loopback SMTP server for dtnotify's tests")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--auth", help="USER:PASS that AUTH accepts; mail needs AUTH then")
    args = parser.parse_args()
    os.makedirs(args.maildir, exist_ok=True)

    options = {}
    if args.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
        if args.implicit_tls:
            options.update(ssl_context=context)
        else:
            options.update(tls_context=context, require_starttls=False)
    if args.auth:
        user, _, password = args.auth.partition(":")
        options.update(
            authenticator=checker(user.encode(), password.encode()),
            auth_required=True,
            auth_require_tls=bool(args.cert) and not args.implicit_tls,
        )
    controller = Controller(Store(args.maildir), hostname=args.host, port=args.port, **options)
    controller.start()
    print("ready %s:%d" % (args.host, args.port), flush=True)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    stopped.wait()
    controller.stop()


if __name__ == "__main__":
    main()
