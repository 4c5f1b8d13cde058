"""A tiny SMTP server on loopback for drills and tests: it keeps the messages it accepts, and can
hold its answer at one step of the conversation to catch a sender mid-send.

stdlib only (socketserver). A message counts as delivered when the server answers 250 to its
DATA, as a real mail server would. `hold` names the command whose answer waits until
release(): "DATA" (the sender has not handed the message over) or "QUIT" (the message was
accepted, the sender waits to hang up); with `hold_for`, only in a conversation whose RCPT
names that address.
"""

import socketserver
import threading


class _Handler(socketserver.StreamRequestHandler):
    timeout = 60

    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self):
        sink = self.server.sink
        self.reply("220 drill-smtp ready")
        in_data, lines, recipients = False, [], []
        while True:
            try:
                raw = self.rfile.readline()
            except OSError:
                return
            if not raw:
                return  # the client went away
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if in_data:
                if line == ".":
                    in_data = False
                    sink.accept("\n".join(lines))
                    lines = []
                    self.reply("250 OK: queued")
                else:
                    lines.append(line[1:] if line.startswith("..") else line)
                continue
            verb = line.split(" ", 1)[0].upper()
            if verb == "RCPT":
                recipients.append(line)
            sink.wait_if_held(verb, " ".join(recipients))
            if verb == "EHLO":
                self.reply("250-drill-smtp")
                self.reply("250 8BITMIME")
            elif verb in ("HELO", "MAIL", "RCPT", "RSET", "NOOP"):
                self.reply("250 OK")
            elif verb == "DATA":
                in_data = True
                self.reply("354 End data with <CR><LF>.<CR><LF>")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SmtpSink:
    def __init__(self, hold=None, hold_for=None):
        self.messages = []
        self.hold, self.hold_for = hold, hold_for
        self.held = threading.Event()  # a sender is waiting at the held step
        self._released = threading.Event()
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.sink = self
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self.release()
        self._server.shutdown()
        self._server.server_close()

    def accept(self, message):
        with self._lock:
            self.messages.append(message)

    def arm(self, hold, hold_for=None):
        """Hold the next conversations at `hold` (for `hold_for`) until release()."""
        self.hold, self.hold_for = hold, hold_for
        self.held.clear()
        self._released.clear()

    def wait_if_held(self, verb, recipients):
        if self.hold_for and self.hold_for.lower() not in recipients.lower():
            return
        if self.hold and verb == self.hold and not self._released.is_set():
            self.held.set()
            self._released.wait(timeout=120)

    def release(self):
        self._released.set()

    def count(self, text):
        """How many accepted messages contain `text`."""
        with self._lock:
            return sum(text in message for message in self.messages)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
