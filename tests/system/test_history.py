"""System tests of the alert history and subscriptions: replay with no gap
at the seam, filters, identity across syndication and edits, kill -9, a
subscriber that never reads, many subscribers, and sanctwatch tail."""

import json
import os
import signal
import socket
import sqlite3
import subprocess
import threading
import time

import harness
from harness import Subscriber, check, wait_for, write_article

ARTICLE = ("Bishkek. Regulators named {name} in a filing about re-exports to "
           "Russia; story {n}.\n")


def build(name):
    return os.path.join(harness.BUILD, name)


SYLLABLES = ["ka", "ro", "mi", "tes", "vel", "dor", "an", "zu", "pri", "lo",
             "sa", "ner", "gu", "fi", "mar", "to", "bel", "qui", "ox", "ha"]


def company(i):
    """A made-up, distinct two-word company name for number i < 160,000."""
    def word(k):
        return (SYLLABLES[k % 20] + SYLLABLES[(k // 20) % 20]).capitalize()
    return "%s%s %s Trading" % (word(i % 400), SYLLABLES[(i // 400) % 20], word(i // 8000 + 7))


def big_watchlist(env, n):
    """A watchlist of n organizations with made-up, distinct names."""
    path = os.path.join(env.dir, "big.yaml")
    with open(path, "w") as f:
        f.write("version: 1\nentities:\n")
        for i in range(n):
            f.write("  - {id: t%05d, name: %s, type: organization, programs: [P%d]}\n"
                    % (i, company(i), i % 3))
        f.write("countries:\n  - {code: RU, name: Russia, status: sanctioned}\n")
    return path


def placeholders(env, names):
    """Serve a dull page at each URL first, so no source starts failing."""
    for name in names:
        write_article(env, name, "Nothing to report yet about %s.\n" % name)


def ids(alerts):
    return [a["id"] for a in alerts]


def db_ids(env):
    return [r[0] for r in env.db_alerts()]


def test_replay_seam(env):
    """A subscriber that asks for since=0 while alerts are being written gets
    every alert exactly once, in order, the same as a live one."""
    n = 40
    wl = big_watchlist(env, n)
    env.write_config([{"id": "s%02d" % i, "url": env.url("a%02d.txt" % i), "interval": "100ms"}
                      for i in range(n)], watchlists=[wl], max_per_host=8)
    placeholders(env, ["a%02d.txt" % i for i in range(n)])
    env.start()
    live = env.subscribe()
    stop = threading.Event()

    def publish():
        for i in range(n):
            if stop.is_set():
                return
            write_article(env, "a%02d.txt" % i, ARTICLE.format(name=company(i), n=i))
            time.sleep(0.02)
    t = threading.Thread(target=publish)
    t.start()
    try:
        wait_for(lambda: len(live.alerts()) >= 10, "the first alerts")
        late = Subscriber(env.sock)
        env.subs.append(late)
        late.send(b'{"cmd": "subscribe", "since": 0}\n')
        wait_for(lambda: len(db_ids(env)) >= 2 * n, "all alerts stored")
        want = db_ids(env)
        wait_for(lambda: len(live.alerts()) >= len(want) and len(late.alerts()) >= len(want),
                 "all alerts at both subscribers")
    finally:
        stop.set()
        t.join()
    # Live alerts may come before the reply (a client gets alerts from the
    # moment it connects); from the reply on: the replay, then live.
    lines = late.pump()
    # The reply is {"ok": true, "database": ID}.
    replies = [i for i, l in enumerate(lines) if l.get("ok") is True]
    check(replies, "no subscribe reply")
    after = ids(l for l in lines[replies[0] + 1:] if "kind" in l)
    check(after == want, "replay+live: %r vs %r" % (after, want))
    check(ids(live.alerts()) == want, "live: %r vs %r" % (ids(live.alerts()), want))
    check(env.stop() == 0, "exit status")


def test_filters(env):
    """Each subscriber gets exactly the alerts its filters take."""
    env.write_config([{"id": "news", "url": env.url("designation.html")},
                      {"id": "follow", "url": env.url("followup.txt")}])
    for f in ("designation.html", "followup.txt"):
        os.rename(os.path.join(env.site, f), os.path.join(env.dir, f))
    env.start()
    subs = {}
    requests = {
        "entity": {"kinds": ["entity"]},
        "country": {"kinds": ["country"], "severities": ["low"]},
        "progress": {"entities": ["ofac-44024"], "sources": ["follow"]},
        "score": {"min_score": 0.95},
        "kg": {"countries": ["KG"], "programs": ["RUSSIA-EO14024"]},
        "none": {"sources": ["nowhere"]},
    }
    for name, req in requests.items():
        s = env.subscribe()
        req = dict(req, cmd="subscribe")
        s.send(json.dumps(req).encode() + b"\n")
        subs[name] = s
    for s in subs.values():
        wait_for(lambda: s.pump(), "a subscribe reply")
        check(s.pump()[0].get("ok") is True and set(s.pump()[0]) <= {"ok", "database"},
              "reply %r" % s.pump()[0])
    everything = env.subscribe()
    for f in ("designation.html", "followup.txt"):
        env.publish(f)
    wait_for(lambda: len(everything.alerts()) >= 6, "all six alerts")
    time.sleep(0.5)  # any stray alert would have arrived by now
    every = everything.alerts()

    def want(pred):
        return [a["id"] for a in every if pred(a)]
    expect = {
        "entity": want(lambda a: a["kind"] == "entity"),
        "country": want(lambda a: a["kind"] == "country"),
        "progress": want(lambda a: a["entity"]["id"] == "ofac-44024" and
                         a["document"]["source"] == "follow"),
        "score": want(lambda a: a["match"]["score"] >= 0.95),
        "kg": want(lambda a: "KG" in a["countries"] and
                   "RUSSIA-EO14024" in a["entity"]["programs"]),
        "none": [],
    }
    check(len(expect["progress"]) == 1 and expect["entity"] and expect["country"],
          "fixture assumptions: %r" % expect)
    for name, s in subs.items():
        check(ids(s.alerts()) == expect[name], "%s: %r, want %r" % (name, ids(s.alerts()),
                                                                     expect[name]))
    bad = env.subscribe()
    bad.send(b'{"cmd": "subscribe", "kinds": ["vessel"]}\n' + b"x" * 100000 + b"\n"
             b"\x00\x01\xff\n")
    replies = wait_for(lambda: len(bad.pump()) >= 3 and bad.pump(), "three error replies")
    check([r["ok"] for r in replies[:3]] == [False, False, False], "replies %r" % replies[:3])
    check("too long" in replies[1]["error"], "long line: %r" % replies[1])


def test_identity(env):
    """An article syndicated unchanged under another URL does not alert
    again; an edited article alerts only for the party it newly names."""
    env.write_config([{"id": "orig", "url": env.url("one.txt")},
                      {"id": "copy", "url": env.url("two.txt")}])
    text = "Progress Leader shipped chips, the sanctions filing says.\n"
    placeholders(env, ["two.txt"])
    write_article(env, "one.txt", text)
    env.start()
    copies = "SELECT count(*) FROM documents WHERE url LIKE '%two.txt'"
    wait_for(lambda: len(env.db_alerts()) >= 1 and env.query(copies)[0][0] >= 1,
             "the original's alert and the placeholder of the copy")
    write_article(env, "two.txt", text)  # the same text elsewhere
    wait_for(lambda: env.query(copies)[0][0] >= 2, "the copy to be fetched")
    write_article(env, "one.txt", text + "Cargoline handled the freight.\n")
    wait_for(lambda: len(env.db_alerts()) >= 2, "the edit's alert")
    time.sleep(0.5)
    rows = env.db_alerts()
    check([(r[2], r[3]) for r in rows] == [("ofac-44024", "orig"), ("ofac-44030", "orig")],
          "alerts %r" % rows)
    wl = env.query("SELECT DISTINCT watchlist_sha256 FROM alerts")
    check(len(wl) == 1 and len(wl[0][0]) == 64, "watchlist version %r" % wl)


def test_kill9_then_restart(env):
    """kill -9 in the middle of writing: the database stays sound, every
    alert a subscriber saw is in it, and a restart goes on from there."""
    n = 30
    wl = big_watchlist(env, n)
    env.write_config([{"id": "s%02d" % i, "url": env.url("a%02d.txt" % i), "interval": "100ms"}
                      for i in range(n)], watchlists=[wl], max_per_host=8)
    placeholders(env, ["a%02d.txt" % i for i in range(n)])
    env.start()
    sub = env.subscribe()
    for i in range(n // 2):
        write_article(env, "a%02d.txt" % i, ARTICLE.format(name=company(i), n=i))
    wait_for(lambda: len(sub.alerts()) >= 4, "some alerts")
    for i in range(n // 2, n):
        write_article(env, "a%02d.txt" % i, ARTICLE.format(name=company(i), n=i))
    env.daemon.send_signal(signal.SIGKILL)
    env.daemon.wait()
    env.logf.close()
    seen = ids(sub.alerts())
    con = sqlite3.connect(env.db)
    check(con.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "integrity")
    con.close()
    stored = db_ids(env)
    check(set(seen) <= set(stored), "seen but not stored: %r" % (set(seen) - set(stored)))
    env.start()  # over the stale socket file the crash left
    wait_for(lambda: len(db_ids(env)) >= 2 * n, "the rest after the restart")
    time.sleep(0.5)
    rows = env.db_alerts()
    keys = [(r[2], r[4]) for r in rows]
    check(len(keys) == len(set(keys)) == 2 * n, "duplicates or gaps: %d rows, %d keys" %
          (len(rows), len(set(keys))))
    check(env.stop() == 0, "exit status")


def test_slow_subscriber(env):
    """100,010 alerts with a subscriber that never reads: the daemon goes on,
    a reader gets everything, and the stuck one, once it reads, catches up
    from the database: every alert, in order, without being disconnected."""
    n = 10000
    wl = big_watchlist(env, n)
    names = ", ".join(company(i) for i in range(n))
    env.write_config([{"id": "d%d" % i, "url": env.url("d%d.txt" % i), "interval": "200ms"}
                      for i in range(10)], watchlists=[wl], max_body="1MiB")
    placeholders(env, ["d%d.txt" % i for i in range(10)])
    env.start()
    stuck = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stuck.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    stuck.connect(env.sock)
    reader = env.subscribe()
    for i in range(10):
        write_article(env, "d%d.txt" % i, "List %d: %s, in Russia.\n" % (i, names))
    want = 10 * (n + 1)
    wait_for(lambda: len(db_ids(env)) >= want, "100,010 alerts stored", timeout=120)
    wait_for(lambda: len(reader.alerts()) >= want, "100,010 alerts at the reader", timeout=120)
    check(env.daemon.poll() is None, "the daemon died")
    check(ids(reader.alerts()) == db_ids(env), "reader ids")
    # The stuck one reads now, and gets every alert.
    stuck.settimeout(30)
    got, buf = [], b""
    while len(got) < want:
        data = stuck.recv(1 << 20)
        check(data, "the stuck subscriber was disconnected after %d" % len(got))
        lines = (buf + data).split(b"\n")
        buf = lines.pop()  # an unfinished line waits for the next read
        got.extend(json.loads(line)["id"] for line in lines)
    check(got == db_ids(env), "the stuck subscriber's ids differ")
    stuck.close()
    check(env.stop() == 0, "exit status")


def test_many_subscribers(env):
    """200 subscribers at once each get every alert."""
    env.write_config([{"id": "news", "url": env.url("designation.html")}])
    os.rename(os.path.join(env.site, "designation.html"), os.path.join(env.dir, "d.html"))
    env.start()
    crowd = [Subscriber(env.sock) for _ in range(200)]
    env.subs.extend(crowd)
    st = Subscriber(env.sock)
    st.send(b'{"cmd": "status"}\n')
    reply = wait_for(lambda: st.pump(), "status")[0]
    st.close()
    check(reply["subscribers"] == 201, "status %r" % reply)
    env.publish("designation.html")
    wait_for(lambda: len(env.db_alerts()) >= 4, "the alerts")
    want = db_ids(env)
    for c in crowd:
        wait_for(lambda: len(c.alerts()) >= 4, "alerts at every subscriber")
        check(ids(c.alerts()) == want, "a subscriber got %r" % ids(c.alerts()))
    check(env.stop() == 0, "exit status")


def test_tail(env):
    """sanctwatch tail: --since replays, filters and text format work, and it
    resumes after a daemon restart with no gap and no duplicate."""
    env.write_config([{"id": "news", "url": env.url("designation.html")},
                      {"id": "follow", "url": env.url("story.txt")}])
    env.start()
    wait_for(lambda: len(env.db_alerts()) >= 4, "the first alerts")
    r = subprocess.run([build("sanctwatch"), "tail", "-s", env.sock, "--since", "0", "-n", "3",
                        "--kind", "entity", "--format", "text"],
                       capture_output=True, text=True, timeout=30)
    lines = r.stdout.splitlines()
    check(r.returncode == 0 and len(lines) == 3, "tail text: %d %r %s" %
          (r.returncode, lines, r.stderr))
    check(all(" entity " in l and " news " in l for l in lines), "text lines %r" % lines)
    tail = subprocess.Popen([build("sanctwatch"), "tail", "-s", env.sock, "--since", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    got = []
    reader = threading.Thread(target=lambda: got.extend(json.loads(l)["id"] for l in tail.stdout))
    reader.start()
    try:
        wait_for(lambda: len(got) >= 4, "tail's replay")
        check(env.stop() == 0, "exit status")
        env.publish("story.txt", "followup.txt")
        env.start()  # tail reconnects and resumes
        wait_for(lambda: len(db_ids(env)) >= 6, "alerts of the follow-up")
        wait_for(lambda: len(got) >= 6, "tail to resume")
        check(env.stop() == 0, "exit status")
    finally:
        tail.terminate()
        tail.wait(timeout=30)
        reader.join(timeout=30)
    check(got == db_ids(env), "tail across a restart: %r vs %r" % (got, db_ids(env)))
