#!/usr/bin/env python3
"""The system-test harness: the real sanctwatchd binary against a real HTTP
server on 127.0.0.1, with its own temp dir, config, SQLite file and Unix
socket.  Tests live in tests/system/test_*.py (one module per area); run.py
runs them.  Every wait has a deadline; no test asserts how long anything
took.
"""

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "system")
HTTPD = os.path.join(ROOT, "tests", "httpd.py")
DEADLINE = 30.0  # seconds any single wait may take before the test fails

BUILD = None  # set by run.py before any test runs

# SANCTWATCH_VALGRIND=1 runs every daemon under valgrind's memcheck: any
# error or leak makes the daemon exit 99, which fails the test.
VALGRIND = []
if os.environ.get("SANCTWATCH_VALGRIND"):
    VALGRIND = ["valgrind", "--quiet", "--leak-check=full",
                "--show-leak-kinds=definite,indirect,possible",
                "--errors-for-leak-kinds=definite,indirect,possible",
                "--error-exitcode=99", "--track-fds=no"]
    DEADLINE = 90.0

# libcurl in the daemon (and Python's urllib here) take a proxy from these.
# The daemon inherits this process's environment, so a proxy set on the
# machine running the tests would carry requests meant for 127.0.0.1: drop
# them.  A test that wants one passes it to Env.start(env=...).
PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "no_proxy",
              "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")
for _k in PROXY_VARS:
    os.environ.pop(_k, None)


class Fail(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Fail(what)


def wait_for(pred, what, timeout=DEADLINE, step=0.02):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        v = pred()
        if v:
            return v
        time.sleep(step)
    raise Fail("timed out waiting for " + what)


class Subscriber:
    """A client on the daemon's socket that collects JSON lines."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.sock.setblocking(False)
        self.buf = b""
        self.lines = []
        self.awaiting_reply = False

    def pump(self):
        while True:
            try:
                data = self.sock.recv(65536)
            except BlockingIOError:
                break
            if not data:
                break
            self.buf += data
        lines = self.buf.split(b"\n")
        self.buf = lines.pop()  # an unfinished line waits for the next read
        for line in map(json.loads, lines):
            if self.awaiting_reply:
                # Live alerts sent before the subscribe was read come again
                # in its replay: keep the replay's copy.
                if "ok" in line:
                    self.awaiting_reply = False
                continue
            self.lines.append(line)
        return self.lines

    def alerts(self):
        return [l for l in self.pump() if "kind" in l]

    def send(self, line):
        self.sock.setblocking(True)
        self.sock.sendall(line)
        self.sock.setblocking(False)

    def close(self):
        self.sock.close()


class Env:
    def __init__(self, name):
        self.dir = tempfile.mkdtemp(prefix="sw-%s-" % name)
        self.site = os.path.join(self.dir, "site")
        shutil.copytree(os.path.join(FIXTURES, "site"), self.site)
        self.db = os.path.join(self.dir, "alerts.db")
        self.sock = os.path.join(self.dir, "alerts.sock")
        self.log = os.path.join(self.dir, "daemon.log")
        self.reqlog = os.path.join(self.dir, "requests.log")
        self.daemon = None
        self.subs = []
        portfile = os.path.join(self.dir, "port")
        self.httpd = subprocess.Popen(
            [sys.executable, HTTPD, "--root", self.site, "--port", "0",
             "--port-file", portfile, "--log", self.reqlog],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: os.path.exists(portfile), "the HTTP server")
        with open(portfile) as f:
            self.port = int(f.read().strip())

    def url(self, path):
        return "http://127.0.0.1:%d/%s" % (self.port, path.lstrip("/"))

    def write_config(self, sources, extra="", watchlists=None, max_per_host=2,
                     max_body="64KiB"):
        wl = watchlists or [os.path.join(FIXTURES, "watchlist.yaml")]
        lines = ["watchlists: [%s]" % ", ".join(wl),
                 "database: alerts.db",
                 "socket: alerts.sock",
                 "log_level: debug",
                 "http:",
                 "  connect_timeout: 2s",
                 "  timeout: 3s",
                 "  max_body: %s" % max_body,
                 "  max_per_host: %d" % max_per_host,
                 "matching:",
                 "  min_score: 0.80",
                 "  snippet_chars: 120",
                 extra,
                 "sources:" if sources else "sources: []"]
        for s in sources:
            lines.append("  - id: %s" % s["id"])
            lines.append("    url: %s" % s["url"])
            lines.append("    format: %s" % s.get("format", "auto"))
            lines.append("    interval: %s" % s.get("interval", "300ms"))
        self.config = os.path.join(self.dir, "sanctwatch.yaml")
        with open(self.config, "w") as f:
            f.write("\n".join(lines) + "\n")
        return self.config

    def start(self, *args, env=None):
        """Start the daemon with args; env adds variables to the ones it
        inherits."""
        self.logf = open(self.log, "ab")
        self.daemon = subprocess.Popen(
            VALGRIND + [os.path.join(BUILD, "sanctwatchd"), "-c", self.config] + list(args),
            stdout=self.logf, stderr=self.logf,
            env=dict(os.environ, **env) if env else None)
        if "--once" not in args:
            wait_for(lambda: self.live() or self.daemon.poll() is not None,
                     "the daemon's socket")
            check(self.daemon.poll() is None, "daemon exited at start:\n" + self.read_log())

    def live(self):
        """Whether the socket accepts connections (a file alone may be stale)."""
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(self.sock)
            return True
        except OSError:
            return False
        finally:
            s.close()

    def subscribe(self, since=None):
        """A subscriber; with since, stored alerts after that id come first,
        so alerts written before the connection are not missed."""
        s = Subscriber(self.sock)
        self.subs.append(s)
        if since is not None:
            s.awaiting_reply = True
            s.send(b'{"cmd": "subscribe", "since": %d}\n' % since)
        return s

    def stop(self, sig=signal.SIGTERM):
        if self.daemon is None:
            return None
        if self.daemon.poll() is None:
            self.daemon.send_signal(sig)
        try:
            rc = self.daemon.wait(timeout=DEADLINE)
        except subprocess.TimeoutExpired:
            self.daemon.kill()
            self.daemon.wait()
            raise Fail("daemon did not stop on signal %d" % sig)
        self.logf.close()
        return rc

    def read_log(self):
        try:
            with open(self.log, errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def query(self, sql, *args):
        con = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True, timeout=5)
        try:
            return con.execute(sql, args).fetchall()
        finally:
            con.close()

    def db_alerts(self):
        if not os.path.exists(self.db):
            return []
        return self.query("SELECT id, kind, entity_id, source_id, url, method, "
                          "match_count, matched_text FROM alerts ORDER BY id")

    def publish(self, name, src=None):
        """Make a fixture article appear on the server (atomically)."""
        tmp = os.path.join(self.site, "." + name + ".tmp")
        shutil.copy(os.path.join(FIXTURES, "site", src or name), tmp)
        os.rename(tmp, os.path.join(self.site, name))

    def requests(self, path):
        try:
            with open(self.reqlog) as f:
                return sum(1 for l in f if path in l)
        except FileNotFoundError:
            return 0

    def close(self):
        for s in self.subs:
            s.close()
        if self.daemon is not None and self.daemon.poll() is None:
            self.daemon.kill()
            self.daemon.wait()
        self.httpd.terminate()
        try:
            self.httpd.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.httpd.kill()
            self.httpd.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def write_watchlist(path, extra=""):
    """The fixture watchlist with extra entity YAML, replaced atomically."""
    with open(os.path.join(FIXTURES, "watchlist.yaml")) as f:
        text = f.read()
    text = text.replace("entities:\n", "entities:\n" + extra, 1)
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.rename(path + ".tmp", path)


def write_article(env, name, text):
    """Publish a page on env's test server, replaced atomically."""
    tmp = os.path.join(env.site, "." + name)
    with open(tmp, "w") as f:
        f.write(text)
    os.rename(tmp, os.path.join(env.site, name))


def other_user_copy(env, name):
    """A copy of BUILD/name in env.dir, for a test that runs it as another
    user (nobody): a clone in a `mktemp -d` directory (mode 0700) has a
    build that only its owner can reach.  The caller opens env.dir to that
    user."""
    dst = os.path.join(env.dir, name)
    shutil.copy2(os.path.join(BUILD, name), dst)
    os.chmod(dst, 0o755)
    return dst


def run_cmd(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, timeout=DEADLINE, **kw)


def alert_keys(alerts):
    return sorted((a["entity"]["id"], a["document"]["source"]) for a in alerts)


DESIGNATION = [("RU", "news"), ("ofac-44000", "news"), ("ofac-44024", "news"),
               ("ofac-44030", "news")]
