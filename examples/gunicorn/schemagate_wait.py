"""Waits until the schemagate daemon says the schema is ready: `schemagate wait` without a JVM.

Standard library only; speaks protocol v1 (protocol/PROTOCOL.md) over the daemon's Unix socket and ends
like the agent does, with the same messages and sysexits codes: 0 ready, 65 bad migration files,
69 no daemon within the timeout, 70 a migration failed, 75 the deadline passed, 64/78 bad options.

    python3 schemagate_wait.py --socket /run/schemagate/schemagate.sock [--timeout 120s] [--requires 3]
    code, reason = schemagate_wait.wait("/run/schemagate/schemagate.sock", timeout_ms=120000)
"""
import argparse, os, re, socket, sys, threading, time

OK, USAGE, DATA_ERR, UNAVAILABLE, SOFTWARE, TEMP_FAIL, CONFIG = 0, 64, 65, 69, 70, 75, 78
EXIT_FOR_FAILED = {"BAD_MIGRATION_FILES": DATA_ERR, "LOCK_TIMEOUT": TEMP_FAIL}  # any other code: 70
RETRY_LATER = ("TOO_MANY_CONNECTIONS", "SHUTTING_DOWN")
_FIELD = re.compile(r' ([a-z][a-z0-9_]*)=("(?:[^"\\]|\\.)*"|[^ ]*)')
_ESCAPE = re.compile(r'\\(u[0-9A-Fa-f]{4}|["\\nrt])')
_CONTROLS = re.compile('[\x00-\x1f\x7f-\x9f]')


def parse(line):
    """'FAILED code=X message="a b"' -> ('FAILED', {'code': 'X', 'message': 'a b'})."""
    kind, _, rest = line.partition(" ")
    fields = {}
    for key, value in _FIELD.findall(" " + rest):
        if value.startswith('"'):
            e = lambda m: {"n": "\n", "r": "\r", "t": "\t"}.get(m[1]) or (chr(int(m[1][1:], 16)) if len(m[1]) > 1 else m[1])
            value = _ESCAPE.sub(e, value[1:-1])
        fields[key] = value
    return kind, fields


def quote(value):
    """A field value as the protocol writes it: bare when it can be, else in quotes with escapes."""
    if value and not re.search(r'[\s"\\\x00-\x1f\x7f-\x9f]', value):
        return value
    esc = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
    return '"' + "".join(esc.get(c) or ("\\u%04X" % ord(c) if _CONTROLS.match(c) else c) for c in value) + '"'


def one_line(text):
    return _CONTROLS.sub(" ", text)


def fmt(ms):
    return "%dm" % (ms // 60000) if ms > 0 and ms % 60000 == 0 else "%ds" % (ms // 1000) if ms > 0 and ms % 1000 == 0 else "%dms" % ms


def describe(kind, f):
    """The agent's words for STATE, WAITING and FAILED (agent/StateText.java)."""
    if kind == "WAITING":
        if "requires" not in f:
            return "daemon says WAITING " + one_line(f.get("reason", "?"))
        return ("daemon has no version %s yet (newest: %s); waiting for that migration to be deployed and the daemon"
                " reloaded" % (one_line(f["requires"]), one_line(f.get("available", "unknown"))))
    if kind == "FAILED":
        text, where = one_line(f.get("message", "")), ""
        if "file" in f and f["file"] not in text:
            where = " in " + one_line(f["file"]) + (" line " + one_line(f["line"]) if "line" in f else "")
        action = one_line(f["action"]) if "action" in f else "see the daemon's log (journalctl -u schemagate)"
        return "schema migration failed: %s%s: %s; action: %s" % (one_line(f.get("code", "?")), where, text[:-1] if text.endswith(".") else text, action)
    state, s = one_line(f.get("state", "?")), ""
    if state == "MIGRATING":
        s = "".join(p + one_line(f[k]) for p, k in ((" step ", "step"), (" of ", "of")) if k in f)
        s += " (" + one_line(f["file"]) + ")" if "file" in f else ""
    elif state == "LOCKING" and ("waited_ms" in f or "holder" in f):
        s = " (waiting for the database write lock" + (" for " + one_line(f["waited_ms"]) + " ms" if "waited_ms" in f else "")
        s += (", held by " + one_line(f["holder"]) if "holder" in f else "") + ")"
    return "daemon is " + state + s


class _Wait:
    def __init__(self, path, timeout_ms, requires, app, err, label):
        self.path, self.timeout_ms, self.requires, self.app, self.err, self.label = path, timeout_ms, requires, app, err, label
        self.start = time.monotonic()
        self.deadline = self.start + timeout_ms / 1000.0
        self.status, self.last_state, self.welcomed, self.last_error = "daemon not reachable at %s yet" % path, None, False, None
        self.done, self.lock = threading.Event(), threading.Lock()

    def run(self):
        threading.Thread(target=self._progress, name="schemagate-wait-progress", daemon=True).start()
        try:
            attempt = 0
            while True:
                outcome = self._attempt()
                left = self.deadline - time.monotonic()
                if outcome or left <= 0:
                    return outcome or self._timed_out()
                time.sleep(min(0.25, 0.1 + 0.05 * attempt, left))
                attempt += 1
        finally:
            with self.lock:  # no progress line after the caller's final line
                self.done.set()

    def _progress(self):
        while not self.done.wait(5.0):
            with self.lock:
                if not self.done.is_set():
                    waited = int((time.monotonic() - self.start) * 1000)
                    self.err.write("%s: waiting %s for schema: %s\n" % (self.label, fmt(waited if waited < 1000 else waited // 1000 * 1000), self.status))
                    self.err.flush()

    def _attempt(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.settimeout(max(0.001, self.deadline - time.monotonic()))
            try:
                s.connect(self.path)
            except OSError as e:
                self.last_error = e.strerror or str(e)
                self.status = "daemon not reachable at %s yet (%s)" % (self.path, self.last_error)
                return None
            hello = "HELLO v=1 app=%s pid=%d" % (quote(self.app), os.getpid()) + (" requires=" + quote(self.requires) if self.requires else "")
            s.sendall((hello + "\n").encode("utf-8"))
            return self._converse(s.makefile("rb"))
        except socket.timeout:
            return None
        except OSError as e:
            self.status = "connection to the daemon lost (%s)%s; reconnecting" % (e.strerror or e, self._last())
            return None
        finally:
            s.close()

    def _converse(self, lines):
        for raw in lines:
            try:
                kind, f = parse(raw.decode("utf-8").rstrip("\r\n"))
                if not self.welcomed and kind not in ("WELCOME", "ERROR"):
                    raise ValueError("expected WELCOME first, got " + kind)
                if kind == "WELCOME":
                    if f["v"] != "1":
                        raise ValueError("the daemon chose protocol version %s, this client speaks 1" % one_line(f["v"]))
                    self.welcomed, self.status = True, "connected to daemon %s, no state yet" % one_line(f.get("daemon", "?"))
                elif kind in ("STATE", "WAITING"):
                    self.status = self.last_state = describe(kind, f)
                elif kind == "READY":
                    return self._outcome(OK, "schema ready at version " + one_line(f["version"]), f["version"])
                elif kind == "FAILED":
                    return self._outcome(EXIT_FOR_FAILED.get(f["code"], SOFTWARE), describe(kind, f))
                elif kind == "ERROR" and f["code"] in RETRY_LATER:
                    self.status = "daemon refused the connection (%s: %s); retrying" % (f["code"], one_line(f["message"]))
                    return None
                elif kind == "ERROR":
                    return self._outcome(UNAVAILABLE, "the daemon at %s rejected this client: %s: %s; action: use an agent and daemon of the same schemagate release" % (self.path, f["code"], one_line(f["message"])))
                elif kind != "PONG":
                    raise ValueError("a daemon does not send " + kind)
            except (ValueError, KeyError) as e:  # KeyError: a required field is missing
                return self._outcome(UNAVAILABLE, "unexpected reply from %s: %s; action: check that the schemagate daemon (protocol v1) is what listens on this socket" % (self.path, one_line(str(e))))
        self.status = "connection to the daemon closed before a verdict%s; reconnecting" % self._last()
        return None

    def _last(self):
        return " (last state: %s)" % self.last_state if self.last_state else ""

    def _timed_out(self):
        if not self.welcomed:
            last = " (last error: %s)" % self.last_error if self.last_error else ""
            return self._outcome(UNAVAILABLE, "schemagate daemon not reachable at %s within %s%s; action: start the daemon (systemctl start schemagate) or point socket= at its socket" % (self.path, fmt(self.timeout_ms), last))
        return self._outcome(TEMP_FAIL, "schema not ready after %s: %s; action: check the daemon's log (journalctl -u schemagate) or raise timeout=" % (fmt(self.timeout_ms), self.status))

    def _outcome(self, code, reason, version=None):
        return code, reason, version, int((time.monotonic() - self.start) * 1000)


def wait(path, timeout_ms=120000, requires=None, app="schemagate-wait", err=sys.stderr, label="schemagate"):
    """Blocks until READY (returns (0, reason)) or another ending (exit code, one line saying what and what to do)."""
    code, reason, _, _ = _Wait(str(path), timeout_ms, requires, app, err, label).run()
    return code, reason


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own exit code is 2; usage errors are 64 here, as in `schemagate wait`
        self.exit(USAGE, "schemagate: %s; see --help\n" % message)


def main(argv=None, env=os.environ, out=sys.stdout, err=sys.stderr):
    p = _Parser(prog="schemagate_wait.py", description="Wait until the schemagate daemon says the schema is ready.")
    for name in ("socket", "timeout", "requires", "app"):
        p.add_argument("--" + name, help="default: $SCHEMAGATE_" + name.upper())
    args = vars(p.parse_args(argv))
    value = lambda n: args[n] if args[n] is not None else env.get("SCHEMAGATE_" + n.upper())
    origin = lambda n: "--" + n if args[n] is not None else "SCHEMAGATE_" + n.upper()
    problems, timeout_ms = [], 120000
    if not (value("socket") or "").strip():
        problems.append("socket is required: set --socket or SCHEMAGATE_SOCKET to the daemon's socket path")
    if value("timeout") is not None:
        m = re.fullmatch(r"([0-9]{1,12})(ms|s|m|h)", value("timeout").strip())
        timeout_ms = int(m[1]) * {"ms": 1, "s": 1000, "m": 60000, "h": 3600000}[m[2]] if m else 0
        if timeout_ms == 0:
            problems.append("%s '%s': expected a duration with a unit, such as 500ms, 30s, 2m or 1h" % (origin("timeout"), value("timeout")))
    if value("requires") is not None and not re.fullmatch(r"[0-9]+([._][0-9]+)*", value("requires")):
        problems.append("%s '%s': expected a version such as 5 or 5.2" % (origin("requires"), value("requires")))
    if problems:
        err.write("schemagate: invalid configuration (%d problem%s):\n" % (len(problems), "" if len(problems) == 1 else "s"))
        err.write("".join("  - %s\n" % p for p in problems) + "Action: correct the values above; nothing was changed.\n")
        return CONFIG
    code, reason, version, elapsed = _Wait(value("socket"), timeout_ms, value("requires"), value("app") or "schemagate-wait", err, "schemagate").run()
    if code == OK:
        out.write("schemagate: schema ready at version %s after %d ms\n" % (version, elapsed))
    else:
        err.write("schemagate: %s\n" % reason)
    return code


if __name__ == "__main__":
    sys.exit(main())
