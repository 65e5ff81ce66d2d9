"""System tests of sanctwatchd as a service: the systemd notify protocol
against a fake NOTIFY_SOCKET, reloads (broken, refused, with changed
sources, under load), the unit file (systemd-analyze verify), and an
install into a DESTDIR with the installed daemon run from there."""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time

import harness
from harness import ROOT, Subscriber, check, run_cmd, wait_for, write_watchlist


@contextlib.contextmanager
def environ(**kw):
    """Set (or, with None, unset) environment variables the daemon inherits."""
    old = {k: os.environ.get(k) for k in kw}
    try:
        for k, v in kw.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


class Notify:
    """A datagram socket standing in for systemd's NOTIFY_SOCKET: collects
    every VAR=value assignment in the order they arrive."""

    def __init__(self, path):
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(path)
        self.sock.setblocking(False)
        self.msgs = []

    def pump(self):
        while True:
            try:
                data = self.sock.recv(65536)
            except BlockingIOError:
                break
            for line in data.decode().split("\n"):
                if line:
                    k, _, v = line.partition("=")
                    self.msgs.append((k, v))
        return self.msgs

    def keys(self):
        return [k for k, _ in self.pump()]

    def wait(self, key, after=0, what=None):
        """The index of the first key at or after index after."""
        def find():
            ks = self.keys()
            for i in range(after, len(ks)):
                if ks[i] == key:
                    return i + 1
            return None
        return wait_for(find, what or key) - 1

    def close(self):
        self.sock.close()


def client(env, *args):
    return run_cmd([os.path.join(harness.BUILD, "sanctwatch")] + list(args) + ["-s", env.sock])


def request(env, line):
    """One request line on a fresh connection; its reply (the connection is
    a subscriber too: alerts may come first)."""
    s = Subscriber(env.sock)
    try:
        s.send(line.encode() + b"\n")
        return wait_for(lambda: next((l for l in s.pump() if "ok" in l), None),
                        "a reply to " + line)
    finally:
        s.close()


def test_notify_sequence(env):
    """READY (only once serving), STATUS, RELOADING with MONOTONIC_USEC and
    READY again, WATCHDOG from the loop, STOPPING, in that order."""
    env.write_config([{"id": "news", "url": env.url("designation.html")}])
    n = Notify(os.path.join(env.dir, "notify"))
    try:
        with environ(NOTIFY_SOCKET=n.path, WATCHDOG_USEC="200000", WATCHDOG_PID=None):
            env.start()
        ready = n.wait("READY", what="READY=1")
        check(env.live(), "READY=1 before the socket accepts")
        status = n.wait("STATUS", ready)
        st = dict(n.msgs)["STATUS"]
        check("1 source:" in st and "1 sources" not in st and "alerts today" in st,
              "STATUS=%r" % st)
        wait_for(lambda: len(env.db_alerts()) >= 4, "the first alerts")
        env.daemon.send_signal(signal.SIGHUP)
        reloading = n.wait("RELOADING", status)
        check(n.msgs[reloading + 1][0] == "MONOTONIC_USEC" and
              int(n.msgs[reloading + 1][1]) > 0, "MONOTONIC_USEC after RELOADING: %r" % n.msgs)
        ready2 = n.wait("READY", reloading, "READY=1 after the reload")
        watchdog = n.wait("WATCHDOG", ready2, "WATCHDOG=1 after the reload")
        wait_for(lambda: any(v.startswith("1 source: 1 ok, 0 failing")
                             for k, v in n.pump() if k == "STATUS"),
                 "a STATUS= with the source ok")
        check(env.stop() == 0, "exit status")
        stopping = n.wait("STOPPING", watchdog)
        check(ready < status < reloading < ready2 < watchdog < stopping,
              "order %r" % n.keys())
        check(n.keys().count("READY") == 2, "READY=1 twice: %r" % n.keys())
    finally:
        n.close()


def test_notify_watchdog_not_ours(env):
    """WATCHDOG_PID naming another process: no WATCHDOG=1; without
    NOTIFY_SOCKET nothing is sent and the daemon runs the same."""
    env.write_config([{"id": "news", "url": env.url("designation.html")}])
    n = Notify(os.path.join(env.dir, "notify"))
    try:
        with environ(NOTIFY_SOCKET=n.path, WATCHDOG_USEC="100000", WATCHDOG_PID="1"):
            env.start()
        ready = n.wait("READY")
        wait_for(lambda: len(env.db_alerts()) >= 4, "the first alerts")
        time.sleep(0.5)  # several watchdog periods
        check(env.stop() == 0, "exit status")
        n.wait("STOPPING", ready)
        check("WATCHDOG" not in n.keys(), "WATCHDOG=1 sent for another pid: %r" % n.keys())
    finally:
        n.close()


def rewrite_config(env, sources, extra="", watchlists=None):
    """write_config, replaced atomically (a reload may be reading it)."""
    path = env.write_config(sources, extra, watchlists)
    os.rename(path, path + ".new")
    os.rename(path + ".new", path)


BISHKEK = "  - id: bishkek\n    name: Bishkek\n    type: other\n"


def test_reload_broken_keeps_running(env):
    """SIGHUP with a broken watchlist, then a broken config: both refused
    with their locations in the log; the old list keeps matching and alerts
    keep flowing; a good list is then taken."""
    wl = os.path.join(env.dir, "watchlist.yaml")
    write_watchlist(wl)
    env.write_config([{"id": "story", "url": env.url("story.txt")}], watchlists=[wl])
    env.publish("story.txt", "quiet.txt")
    env.start()
    sub = env.subscribe()
    with open(wl, "a") as f:
        f.write("  - code: RU\n    name: Again\n")
    env.daemon.send_signal(signal.SIGHUP)
    wait_for(lambda: "configuration has errors, not reloading" in env.read_log(),
             "the refused reload")
    check(wl + ":" in env.read_log() and "duplicate" in env.read_log(),
          "no located error in the log")
    env.publish("story.txt", "followup.txt")
    alerts = wait_for(lambda: len(sub.alerts()) >= 2 and sub.alerts(), "alerts with the old list")
    check(sorted(a["entity"]["id"] for a in alerts) == ["RU", "ofac-44024"], "alerts %r" % alerts)
    # A config error: refused too, the reply names the file and line.
    write_watchlist(wl, BISHKEK)
    with open(env.config, "a") as f:
        f.write("bogus_key: 1\n")
    r = request(env, '{"cmd": "reload"}')
    check(r["ok"] is False and env.config + ":" in r["error"], "reply %r" % r)
    # Fixed: taken, and the new entry matches.
    env.write_config([{"id": "story", "url": env.url("story.txt")}], watchlists=[wl])
    env.daemon.send_signal(signal.SIGHUP)
    wait_for(lambda: "reloaded: 4 entities" in env.read_log(), "the good reload")
    with open(os.path.join(env.site, "story.txt"), "a") as f:
        f.write("More from Bishkek.\n")
    wait_for(lambda: any(a["entity"]["id"] == "bishkek" for a in sub.alerts()),
             "an alert from the new entry")
    check(env.stop() == 0, "exit status")
    ids = [a["id"] for a in sub.alerts()]
    check(len(ids) == len(set(ids)) and sorted(ids) == [r[0] for r in env.db_alerts()],
          "socket and database disagree")


def test_reload_refuses_restart_settings(env):
    """A changed database or socket path is refused with a clear message;
    the daemon keeps its database and socket."""
    env.write_config([{"id": "news", "url": env.url("designation.html")}])
    env.start()
    wait_for(lambda: len(env.db_alerts()) >= 4, "the first alerts")
    text = open(env.config).read()
    for old, new, key in (("database: alerts.db", "database: other.db", "database"),
                          ("socket: alerts.sock", "socket: other.sock", "socket")):
        with open(env.config, "w") as f:
            f.write(text.replace(old, new))
        r = client(env, "reload")
        err = json.loads(r.stdout).get("error", "")
        check(r.returncode == 1 and key + " changed" in err and "restart" in err,
              "reload with a new %s: %r" % (key, r.stdout))
    check(not os.path.exists(os.path.join(env.dir, "other.db")), "a second database")
    check(env.live(), "the socket went away")
    with open(env.config, "w") as f:
        f.write(text)
    r = client(env, "reload")
    check(r.returncode == 0, "reload of the original: %r" % r.stdout)


def test_reload_sources(env):
    """Sources added, removed and changed by a reload take effect; the
    others keep polling."""
    env.write_config([{"id": "keep", "url": env.url("quiet.txt")},
                      {"id": "gone", "url": env.url("followup.txt")}])
    env.start()
    wait_for(lambda: env.requests("followup.txt") >= 1 and env.requests("quiet.txt") >= 1,
             "first polls")
    rewrite_config(env, [{"id": "keep", "url": env.url("quiet.txt")},
                         {"id": "new", "url": env.url("designation.html")}])
    r = client(env, "reload")
    check(r.returncode == 0, "reload: %r %r" % (r.stdout, r.stderr))
    wait_for(lambda: len(env.query("SELECT 1 FROM alerts WHERE source_id = 'new'")) >= 4,
             "alerts from the added source")
    n = env.requests("followup.txt")
    k = env.requests("quiet.txt")
    wait_for(lambda: env.requests("quiet.txt") >= k + 3, "the kept source polling on")
    check(env.requests("followup.txt") <= n + 1, "the removed source is still polled")
    st = json.loads(client(env, "status").stdout)
    check(st["sources"] == 2, "status %r" % st)


def test_reload_under_load(env):
    """Reloads (SIGHUP and socket, new watchlists, sources in and out, http
    settings changed) while subscribers are connected and polls are in
    flight: every article version alerts exactly once, on every subscriber
    and in the database."""
    wl = os.path.join(env.dir, "watchlist.yaml")
    write_watchlist(wl)
    arts = ["a0", "a1", "a2"]
    def sources(i):
        s = [{"id": a, "url": env.url(a + ".txt"), "interval": "100ms"} for a in arts]
        s.append({"id": "slow", "url": env.url("fault/slow/0.3"), "interval": "100ms"})
        if i % 2:
            s.append({"id": "extra", "url": env.url("fault/slow/0.2"), "interval": "100ms"})
        return s
    # An edited page alerts only for the parties it newly names: version v
    # of every article names party v.
    words = ["ALFA", "BRAVO", "CHARLIE", "DELTA", "ECHO", "FOXTROT"]
    parties = "".join("  - id: party-%d\n    name: %s KORVELIN TRADING\n"
                      "    type: organization\n" % (v, w) for v, w in enumerate(words))
    def configure(i):
        write_watchlist(wl, parties + (BISHKEK if i % 3 else ""))
        rewrite_config(env, sources(i), watchlists=[wl],
                       extra="" if i % 4 < 2 else "defaults:\n  interval: 1m")
        if i % 5 == 4:  # a new fetch: in-flight transfers are cancelled
            text = open(env.config).read().replace("timeout: 3s", "timeout: 4s")
            with open(env.config + ".new", "w") as f:
                f.write(text)
            os.rename(env.config + ".new", env.config)
    base = int(time.time())
    def article(a, v):
        path = os.path.join(env.site, a + ".txt")
        with open(path + ".tmp", "w") as f:
            f.write("Bulletin %d from %s.\n\n%s Korvelin Trading was named "
                    "in this version of the text.\n" % (v, a, words[v].title()))
        # Last-Modified has whole seconds: give every version its own.
        os.utime(path + ".tmp", (base + 10 * v, base + 10 * v))
        os.rename(path + ".tmp", path)
    configure(0)
    env.start()
    # With a replay from 0: a connection the daemon has not accepted yet
    # when the first versions alert (a loaded machine, a build under ASan)
    # gets them too, and the checks below still want each alert once.
    subs = [env.subscribe(since=0) for _ in range(3)]
    for a in arts:
        article(a, 0)
    stop = threading.Event()
    counts = {"sighup": 0, "socket": 0, "refused": 0}
    errors = []
    def reloader():
        i = 1
        while not stop.is_set():
            try:
                configure(i)
                if i % 2:
                    env.daemon.send_signal(signal.SIGHUP)
                    counts["sighup"] += 1
                else:
                    r = request(env, '{"cmd": "reload"}')
                    if r.get("ok"):
                        counts["socket"] += 1
                    elif "being built" in r.get("error", ""):
                        counts["refused"] += 1
                    else:
                        errors.append(r)
            except Exception as e:  # noqa: BLE001 (reported by the test)
                errors.append(repr(e))
            i += 1
            time.sleep(0.05)
    t = threading.Thread(target=reloader)
    t.start()
    versions = len(words)
    try:
        for v in range(versions):
            want = len(arts) * (v + 1)
            wait_for(lambda: all(len(s.alerts()) >= want for s in subs),
                     "alerts for version %d at every subscriber" % v)
            if v + 1 < versions:
                for a in arts:
                    article(a, v + 1)
    finally:
        stop.set()
        t.join(timeout=harness.DEADLINE)
    check(not errors, "reload errors: %r" % errors[:3])
    check(counts["sighup"] > 0 and counts["socket"] > 0, "reloads %r" % counts)
    # Let polls go on a little: nothing may alert again.
    n = env.requests("a0.txt")
    wait_for(lambda: env.requests("a0.txt") >= n + 3, "more polls")
    check(env.stop() == 0, "exit status")
    rows = env.db_alerts()
    ids = sorted(r[0] for r in rows)
    check(len(rows) == len(arts) * versions, "%d alerts in the database, want %d: %r" %
          (len(rows), len(arts) * versions, rows))
    for s in subs:
        got = sorted(a["id"] for a in s.alerts())
        check(got == ids, "a subscriber's alerts differ from the database: %r vs %r" % (got, ids))
    keys = sorted((r[3], r[2]) for r in rows)
    check(keys == sorted((a, "party-%d" % v) for a in arts for v in range(versions)),
          "alerts %r" % keys)
    print("# reload under load: %d by SIGHUP, %d by socket, %d refused while building" %
          (counts["sighup"], counts["socket"], counts["refused"]), flush=True)


def unit_text(sbindir):
    with open(os.path.join(ROOT, "systemd", "sanctwatchd.service")) as f:
        return f.read().replace("@SBINDIR@", sbindir)


def test_unit_verify(env):
    """systemd-analyze verify finds nothing wrong with the unit (skipped
    where systemd-analyze is absent); its security exposure is reported."""
    sa = shutil.which("systemd-analyze")
    if sa is None:
        print("# skip: systemd-analyze is not installed", flush=True)
        return
    unit = os.path.join(env.dir, "sanctwatchd.service")
    with open(unit, "w") as f:
        f.write(unit_text(harness.BUILD))
    r = run_cmd([sa, "verify", "--man=no", unit])
    check(r.returncode == 0 and r.stderr.strip() == "",
          "systemd-analyze verify: %d\n%s%s" % (r.returncode, r.stdout, r.stderr))
    r = run_cmd([sa, "security", "--offline=true", unit])
    line = [l for l in r.stdout.splitlines() if "Overall exposure" in l]
    print("# systemd-analyze security: %s" % (line[0].split("→")[-1].strip() if line
                                                else "(no figure)"), flush=True)


def test_install_destdir(env):
    """make install into a DESTDIR puts every file in place; the installed
    daemon checks the installed example config and runs, with the installed
    client tailing it; make uninstall removes what it put there."""
    dest = os.path.join(env.dir, "dest")
    make = ["make", "-s", "-C", ROOT, "-o", "all", "BUILD=" + harness.BUILD,
            "DESTDIR=" + dest, "PREFIX=/usr/local"]
    r = run_cmd(make + ["install"])
    check(r.returncode == 0, "make install: %s%s" % (r.stdout, r.stderr))
    want = ["usr/local/sbin/sanctwatchd", "usr/local/bin/sanctwatch",
            "usr/local/lib/systemd/system/sanctwatchd.service",
            "usr/local/lib/systemd/system/sanctwatch-collect.service",
            "usr/local/lib/sysusers.d/sanctwatch.conf",
            "usr/local/lib/tmpfiles.d/sanctwatch.conf",
            "etc/sanctwatch/sanctwatch.yaml", "etc/sanctwatch/watchlist.yaml",
            "etc/sanctwatch/rules/export-risk.yaml",
            "usr/local/share/sanctwatch/schema/001-init.sql",
            "usr/local/share/man/man8/sanctwatchd.8",
            "usr/local/share/man/man1/sanctwatch.1",
            "usr/local/share/man/man5/sanctwatch.yaml.5",
            "usr/local/share/man/man5/sanctwatch-watchlist.5",
            "usr/local/share/bash-completion/completions/sanctwatch"]
    for w in want:
        check(os.path.exists(os.path.join(dest, w)), "not installed: " + w)
    unit = open(os.path.join(dest, "usr/local/lib/systemd/system/sanctwatchd.service")).read()
    check("ExecStart=/usr/local/sbin/sanctwatchd -c" in unit and "@SBINDIR@" not in unit,
          "the unit's paths are not substituted")
    collect = open(os.path.join(dest, "usr/local/lib/systemd/system/"
                                "sanctwatch-collect.service")).read()
    check("ExecStart=/usr/local/bin/sanctwatch collect" in collect and "@BINDIR@" not in collect,
          "the collect unit's paths are not substituted")
    for page in ("man8/sanctwatchd.8", "man1/sanctwatch.1", "man5/sanctwatch.yaml.5",
                 "man5/sanctwatch-watchlist.5"):
        if shutil.which("man") is None:
            print("# skip: man is not installed, pages not rendered", flush=True)
            break
        r = run_cmd(["man", "--warnings", "-l", "-Tutf8", os.path.join(dest, "usr/local/share/man", page)],
                    env=dict(os.environ, MANWIDTH="80"))
        check(r.returncode == 0 and len(r.stdout) > 200, "man %s: %s" % (page, r.stderr))
        check(r.stderr.strip() == "", "man %s warns: %s" % (page, r.stderr))
    sbin = os.path.join(dest, "usr/local/sbin/sanctwatchd")
    # The shipped example config, pointed at the installed watchlist.
    etc = os.path.join(dest, "etc/sanctwatch")
    text = open(os.path.join(etc, "sanctwatch.yaml")).read().replace("/etc/sanctwatch", etc)
    # -n checks that the database's and socket's directories exist.
    text = text.replace("/var/lib/sanctwatch", env.dir).replace("/run/sanctwatch", env.dir)
    with open(os.path.join(env.dir, "example.yaml"), "w") as f:
        f.write(text)
    r = run_cmd([sbin, "-n", "-c", os.path.join(env.dir, "example.yaml")])
    check(r.returncode == 0 and "configuration OK" in r.stderr, "installed -n: %s" % r.stderr)
    sa = shutil.which("systemd-analyze")
    if sa is not None:
        unitcopy = os.path.join(env.dir, "sanctwatchd.service")
        with open(unitcopy, "w") as f:
            f.write(unit.replace("/usr/local/sbin", os.path.dirname(sbin)))
        man = [] if shutil.which("man") else ["--man=no"]
        collectcopy = os.path.join(env.dir, "sanctwatch-collect.service")
        with open(collectcopy, "w") as f:
            f.write(collect.replace("/usr/local/bin", os.path.join(dest, "usr/local/bin")))
        r = run_cmd([sa, "verify"] + man + [unitcopy, collectcopy],
                    env=dict(os.environ, MANPATH=os.path.join(dest, "usr/local/share/man")))
        check(r.returncode == 0 and r.stderr.strip() == "",
              "verify the installed units and their man pages: %s" % r.stderr)
    # The installed daemon, serving the test's sources; the installed client.
    os.rename(os.path.join(env.site, "designation.html"), os.path.join(env.dir, "held.html"))
    env.write_config([{"id": "news", "url": env.url("designation.html")}],
                     watchlists=[os.path.join(etc, "watchlist.yaml")])
    old = harness.BUILD
    harness.BUILD = os.path.dirname(sbin)
    try:
        env.start()
    finally:
        harness.BUILD = old
    client = os.path.join(dest, "usr/local/bin/sanctwatch")
    outpath = os.path.join(env.dir, "tail.out")
    with open(outpath, "wb") as out:
        tail = subprocess.Popen([client, "tail", "-s", env.sock], stdout=out,
                                stderr=subprocess.DEVNULL)
    def lines():
        with open(outpath) as f:
            return [json.loads(l) for l in f.read().splitlines()]
    try:
        def subscribed():
            r = run_cmd([client, "status", "-s", env.sock])
            # the status request's own connection counts as one
            return r.returncode == 0 and json.loads(r.stdout)["subscribers"] >= 2
        wait_for(subscribed, "the installed client's subscription")
        env.publish("designation.html")
        wait_for(lambda: len(env.db_alerts()) >= 4, "alerts from the installed daemon")
        got = wait_for(lambda: len(lines()) >= 4 and lines(), "alerts at the installed client")
        check(sorted(a["entity"]["id"] for a in got) == sorted(r[2] for r in env.db_alerts()),
              "installed client got: %r" % got)
    finally:
        tail.terminate()
        tail.wait()
    check(env.stop() == 0, "exit status")
    r = run_cmd(make + ["uninstall"])
    check(r.returncode == 0, "make uninstall: %s%s" % (r.stdout, r.stderr))
    left = []
    for d, _, files in os.walk(dest):
        left += [os.path.relpath(os.path.join(d, f), dest) for f in files]
    check(sorted(left) == ["etc/sanctwatch/rules/export-risk.yaml",
                           "etc/sanctwatch/sanctwatch.yaml", "etc/sanctwatch/watchlist.yaml"],
          "left after uninstall (only the config should stay): %r" % sorted(left))
    empty = sorted(os.path.relpath(d, dest) for d, dirs, files in os.walk(dest)
                   if not dirs and not files)
    check(empty == ["usr/local"],
          "empty directories left by uninstall (only the prefix may stay): %r" % empty)


def test_reload_big_in_background(env):
    """A SIGHUP or socket reload of a big watchlist is built on a thread:
    requests are answered meanwhile; a SIGHUP during the build is followed by
    another reload, not lost; the socket's requester gets the outcome, then
    its next reply; SIGTERM during a build stops cleanly and answers a
    requester still waiting."""
    wl = os.path.join(env.dir, "big.yaml")
    with open(wl, "w") as f:
        subprocess.run([os.path.join(ROOT, "scripts", "gen-big-watchlist"), "-n", "30000"],
                       stdout=f, check=True, timeout=harness.DEADLINE)
    env.write_config([{"id": "news", "url": env.url("designation.html"), "interval": "1s"}],
                     watchlists=[wl])
    env.start()
    def reloads():
        return env.read_log().count("reloaded:")
    env.daemon.send_signal(signal.SIGHUP)
    wait_for(lambda: "reloading" in env.read_log(), "the reload to start")
    env.daemon.send_signal(signal.SIGHUP)
    answered = 0
    end = time.monotonic() + harness.DEADLINE
    while reloads() == 0:
        check(time.monotonic() < end, "timed out waiting for the first reload")
        r = request(env, '{"cmd": "status"}')
        check(r.get("ok") is True, "status during the build: %r" % r)
        answered += 1
        check(env.daemon.poll() is None, "the daemon died during the build")
    wait_for(lambda: reloads() == 2, "a second reload for the second SIGHUP")
    followed = "another will follow" in env.read_log()
    print("# big reload: %d status replies during the first build; second SIGHUP %s" %
          (answered, "queued behind it" if followed else "came after it"), flush=True)
    st = json.loads(client(env, "status").stdout)
    check(st["entities"] == 30000, "status after the reloads %r" % st)
    # The socket's reload builds on the thread too: the requester waits for
    # the outcome, its next request is answered after it, and another
    # connection is served meanwhile.
    replies = lambda s: [l for l in s.pump() if "ok" in l]
    a, b = Subscriber(env.sock), Subscriber(env.sock)
    env.subs += [a, b]
    a.send(b'{"cmd": "reload"}\n{"cmd": "status"}\n')
    served = 0
    end = time.monotonic() + harness.DEADLINE
    while not replies(a):
        check(time.monotonic() < end, "timed out waiting for the socket reload")
        b.send(b'{"cmd": "status"}\n')
        wait_for(lambda: len(replies(b)) > served, "a status reply during the build")
        served += 1
    got = wait_for(lambda: len(replies(a)) >= 2 and replies(a), "the reload's and the status' replies")
    check(got[0] == {"ok": True}, "socket reload reply %r" % got[0])
    check(got[1].get("entities") == 30000, "the status after the reload %r" % got[1])
    check(reloads() == 3, "%d reloads after the socket's" % reloads())
    print("# socket reload: %d status replies on another connection while it built" % served,
          flush=True)
    env.daemon.send_signal(signal.SIGHUP)
    wait_for(lambda: env.read_log().count("reloading") == 4, "a fourth reload to start")
    a.send(b'{"cmd": "reload"}\n')	# waits for it, or for one more
    check(env.stop() == 0, "exit status when stopped during a build")
    check("stopped:" in env.read_log(), "no clean stop")
    last = wait_for(lambda: len(replies(a)) >= 3 and replies(a)[2], "a reply before the stop")
    check(last == {"ok": True} or last == {"ok": False, "error": "reload: the daemon is stopping"},
          "the reload asked for during the stop: %r" % last)
