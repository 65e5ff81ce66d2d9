"""System tests of the pipeline: polling, matching, alerts in SQLite and on
the socket, bad servers, subscribers, config errors, scan, shutdown."""

import json
import os
import signal
import socket
import subprocess

import harness
from harness import (DEADLINE, FIXTURES, Env, Fail, Subscriber, alert_keys,
                     check, run_cmd, wait_for, write_article, DESIGNATION)


def build(name):
    return os.path.join(harness.BUILD, name)


def test_end_to_end(env):
    """Alerts for an article that appears after subscribing: on the socket
    and in the database, the same ones, with the record's fields."""
    os.rename(os.path.join(env.site, "designation.html"),
              os.path.join(env.dir, "held.html"))
    env.write_config([{"id": "news", "url": env.url("designation.html")},
                      {"id": "quiet", "url": env.url("quiet.txt")}])
    env.start()
    sub = env.subscribe()
    # The server logs a request before it answers: wait for the daemon to
    # have recorded the 404, not just for the request.
    wait_for(lambda: env.query("SELECT errors FROM sources WHERE id = 'news' AND errors >= 1"),
             "a first poll (404) recorded")
    env.publish("designation.html")
    alerts = wait_for(lambda: len(sub.alerts()) >= 4 and sub.alerts(), "4 alerts on the socket")
    check(alert_keys(alerts) == DESIGNATION, "socket alerts: %r" % alert_keys(alerts))
    byid = {a["entity"]["id"]: a for a in alerts}
    cargo = byid["ofac-44030"]
    check(cargo["kind"] == "entity" and cargo["severity"] == "high", "cargoline kind/severity")
    check(cargo["match"]["text"] == "Cargoline", "match text %r" % cargo["match"]["text"])
    check(cargo["match"]["count"] == 2, "cargoline count %r" % cargo["match"]["count"])
    check(cargo["entity"]["programs"] == ["RUSSIA-EO14024"], "programs")
    check(cargo["document"]["url"] == env.url("designation.html"), "url")
    check(cargo["document"]["title"] == "Treasury targets Kyrgyz re-exporters", "title")
    check(cargo["countries"] == ["KG", "RU"], "countries %r" % cargo["countries"])
    check("Cargoline" in cargo["snippet"], "snippet")
    check(byid["RU"]["kind"] == "country" and byid["RU"]["severity"] == "low", "country alert")
    check(byid["ofac-44000"]["match"]["text"] == "RM Design and Development", "RM match")
    check(isinstance(cargo["id"], int) and cargo["time"].endswith("Z"), "id and time")
    # Let more polls happen: the unchanged article must not alert again.
    n = env.requests("designation.html")
    wait_for(lambda: env.requests("designation.html") >= n + 3, "three more polls")
    check(env.stop() == 0, "exit status on SIGTERM")
    rows = env.db_alerts()
    check(sorted((r[2], r[3]) for r in rows) == DESIGNATION, "db alerts: %r" % rows)
    check(sorted(r[0] for r in rows) == sorted(a["id"] for a in sub.alerts()),
          "the same ids in the database and on the socket")
    check(len(sub.alerts()) == 4, "no repeated alert: %d" % len(sub.alerts()))
    st = env.query("SELECT polls, errors, last_error FROM sources WHERE id = 'news'")
    check(st and st[0][0] >= 4 and st[0][1] >= 1 and st[0][2] is None, "source state %r" % st)
    quiet = env.query("SELECT count(*) FROM alerts WHERE source_id = 'quiet'")
    check(quiet[0][0] == 0, "the near-miss article raised alerts")


def test_one_party_several_lists(env):
    """One party on two lists (the same name and type, another source)
    raises one alert naming both entries; an id in two files is one entry;
    every alert explains its match, and the socket's record and the
    database row say the same."""
    a = os.path.join(env.dir, "ofac.yaml")
    b = os.path.join(env.dir, "un.yaml")
    with open(a, "w") as f:
        f.write("version: 1\nentities:\n"
                "  - {id: ofac-6366, name: \"AL QA'IDA\", type: organization, "
                "programs: [SDGT], source: us-ofac-sdn}\n"
                "  - {id: ofac-44030, name: OSOO KARGOLAYN, type: organization, "
                "aliases: [CARGOLINE LLC], programs: [RUSSIA-EO14024], "
                "countries: [KG], source: us-ofac-sdn}\n")
    with open(b, "w") as f:
        f.write("version: 1\nentities:\n"
                "  - {id: un-QDe.004, name: AL-QAIDA, type: organization, "
                "programs: [UN-Al-Qaida], source: un-sc}\n"
                "  - {id: ofac-44030, name: KARGOLAYN OSOO, type: organization, "
                "programs: [UN-TEST], source: us-ofac-sdn}\n")
    write_article(env, "story.txt", "Prosecutors said Al-Qaida financiers "
                  "paid Cargoline in cash through a Kyrgyz freight broker.\n")
    env.write_config([{"id": "news", "url": env.url("story.txt")}],
                     watchlists=[a, b])
    env.start()
    sub = env.subscribe(since=0)  # alerts written before it connects too
    alerts = wait_for(lambda: len(sub.alerts()) >= 2 and sub.alerts(), "two alerts")
    byid = {x["entity"]["id"]: x for x in alerts}
    check(sorted(byid) == ["ofac-44030", "ofac-6366"], "alerts %r" % sorted(byid))
    aq = byid["ofac-6366"]
    check(aq["entity"]["also"] == ["un-QDe.004"], "also %r" % aq["entity"]["also"])
    check(sorted(aq["entity"]["programs"]) == ["SDGT", "UN-Al-Qaida"],
          "programs %r" % aq["entity"]["programs"])
    cargo = byid["ofac-44030"]
    check(cargo["entity"]["also"] == [], "merged id is one entry")
    check(sorted(cargo["entity"]["programs"]) == ["RUSSIA-EO14024", "UN-TEST"],
          "merged programs %r" % cargo["entity"]["programs"])
    check(cargo["match"]["explain"]["form"] == [
        "legal form left out", "one word once the legal form is left out: weak alone"],
          "explain %r" % cargo["match"]["explain"])
    check(cargo["match"]["explain"]["text"] == ["a country of the party named in the text"],
          "explain %r" % cargo["match"]["explain"])
    check(cargo["match"]["explain"]["base"] == 0.9, "base %r" % cargo["match"]["explain"])
    check(env.stop() == 0, "exit status")
    rows = env.query("SELECT entity_id, also, explain FROM alerts ORDER BY id")
    check(len(rows) == 2, "db rows %r" % rows)
    for eid, also, explain in rows:
        check(json.loads(also) == byid[eid]["entity"]["also"], "db also %r" % also)
        check(json.loads(explain) == byid[eid]["match"]["explain"],
              "db explain %r" % explain)
    check("is also at" in env.read_log(), "the merge is logged with its place")


def test_changed_article_alerts_again(env):
    """An article whose text changes to name a new party alerts for it."""
    env.write_config([{"id": "news", "url": env.url("story.txt")}])
    env.publish("story.txt", "quiet.txt")
    env.start()
    sub = env.subscribe()
    wait_for(lambda: env.requests("story.txt") >= 2, "polls of the quiet text")
    check(sub.alerts() == [], "alerts for a quiet text")
    env.publish("story.txt", "followup.txt")
    alerts = wait_for(lambda: len(sub.alerts()) >= 2 and sub.alerts(), "alerts after the edit")
    check(alert_keys(alerts) == [("RU", "news"), ("ofac-44024", "news")],
          "alerts %r" % alert_keys(alerts))
    a = [x for x in alerts if x["entity"]["id"] == "ofac-44024"][0]
    check(a["match"]["method"] == "exact" and a["match"]["count"] == 2, "progress lider %r" % a["match"])
    check(env.stop() == 0, "exit status")
    check(len(env.db_alerts()) == 2, "db alerts")


def test_once(env):
    """--once polls each source once, writes alerts and exits 0; a failing
    source is logged with its id and recorded."""
    env.write_config([{"id": "news", "url": env.url("designation.html")},
                      {"id": "missing", "url": env.url("nope.html")}])
    env.start("--once")
    rc = env.daemon.wait(timeout=DEADLINE)
    env.logf.close()
    check(rc == 0, "exit status %d\n%s" % (rc, env.read_log()))
    rows = env.db_alerts()
    check(sorted((r[2], r[3]) for r in rows) == DESIGNATION, "db alerts %r" % rows)
    check("missing" in env.read_log() and "404" in env.read_log(), "failure logged with source id")
    st = env.query("SELECT id, errors, last_http_code FROM sources ORDER BY id")
    check(st == [("missing", 1, 404), ("news", 0, 200)], "sources %r" % st)
    check(env.requests("designation.html") == 1, "polled exactly once")


def test_misbehaving_servers(env):
    """Timeouts, refusals, 500s, resets, oversized and compressed-bomb bodies
    are logged per source; the daemon runs on and the good source alerts."""
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    dead_port = closed.getsockname()[1]
    closed.close()
    env.write_config([
        {"id": "hang", "url": env.url("fault/hang")},
        {"id": "refused", "url": "http://127.0.0.1:%d/" % dead_port},
        {"id": "e500", "url": env.url("fault/status/500")},
        {"id": "reset", "url": env.url("fault/reset")},
        {"id": "big", "url": env.url("fault/big/1000000")},
        {"id": "bomb", "url": env.url("fault/gzip-bomb/50000000")},
        {"id": "news", "url": env.url("designation.html")},
    ], max_per_host=8)  # all on 127.0.0.1: hanging sources must not starve news
    env.start()
    sub = env.subscribe(since=0)
    wait_for(lambda: len(sub.alerts()) >= 4, "alerts from the good source")
    errs = lambda: dict((r[0], r[1]) for r in env.query(
        "SELECT id, last_error FROM sources WHERE last_error IS NOT NULL"))
    wait_for(lambda: len(errs()) >= 6, "errors recorded for six sources")
    e = errs()
    check("timeout" in e["hang"], "hang: %r" % e["hang"])
    check("connect" in e["refused"], "refused: %r" % e["refused"])
    check("500" in e["e500"], "e500: %r" % e["e500"])
    check("large" in e["big"], "big: %r" % e["big"])
    check("large" in e["bomb"], "bomb: %r" % e["bomb"])
    log = env.read_log()
    for sid in ("hang", "refused", "e500", "reset", "big", "bomb"):
        check("source %s:" % sid in log, "no log line for %s" % sid)
    check(env.daemon.poll() is None, "daemon died")
    st = Subscriber(env.sock)
    st.send(b'{"cmd": "status"}\n')
    reply = wait_for(lambda: st.pump(), "a status reply")[0]
    st.close()
    check(reply.get("ok") is True and reply.get("sources") == 7, "status %r" % reply)
    check(env.stop() == 0, "exit status")
    check(alert_keys(sub.alerts()) == DESIGNATION, "alerts %r" % alert_keys(sub.alerts()))


def test_subscribers(env):
    """Every subscriber gets every alert; one that disconnects mid-stream or
    sends junk does not disturb the daemon or the others."""
    for f in ("designation.html", "followup.txt"):
        os.rename(os.path.join(env.site, f), os.path.join(env.dir, f))
    env.write_config([{"id": "news", "url": env.url("designation.html")},
                      {"id": "follow", "url": env.url("followup.txt")}])
    env.start()
    a, b = env.subscribe(), env.subscribe()
    # socat -u shuts down its sending side at once: still a subscriber.
    sc = subprocess.Popen(["socat", "-u", "UNIX-CONNECT:" + env.sock, "-"],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    half = env.subscribe()  # takes a few bytes of the stream, then vanishes

    def subscribers():
        st = Subscriber(env.sock)
        st.send(b'{"cmd": "status"}\n')
        n = wait_for(lambda: st.pump(), "a status reply")[0]["subscribers"]
        st.close()
        return n
    wait_for(lambda: subscribers() >= 5, "a, b, socat and half connected")
    env.publish("followup.txt")
    rude = Subscriber(env.sock)
    rude.send(b"\x00\xff not json\n{\"cmd\": \"nope\"}\n")
    replies = wait_for(lambda: len(rude.pump()) >= 2 and rude.pump(), "error replies")
    check(all(r.get("ok") is False and r.get("error") for r in replies[:2]), "replies %r" % replies)
    rude.sock.shutdown(socket.SHUT_RDWR)
    rude.close()
    for _ in range(20):  # clients that connect and vanish at once
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(env.sock)
        s.close()
    wait_for(lambda: len(a.alerts()) >= 2, "follow-up alerts")
    half.sock.setblocking(True)
    check(len(half.sock.recv(10)) > 0, "the vanishing client got nothing")
    half.sock.close()
    env.subs.remove(half)
    env.publish("designation.html")
    wait_for(lambda: len(a.alerts()) >= 6 and len(b.alerts()) >= 6, "all alerts at both")
    check([x["id"] for x in a.alerts()] == [x["id"] for x in b.alerts()], "same alerts, same order")
    check(env.stop() == 0, "exit status")
    check(len(env.db_alerts()) == 6, "db alerts %d" % len(env.db_alerts()))
    out, _ = sc.communicate(timeout=DEADLINE)  # socat ends when the daemon closes
    got = [json.loads(l)["id"] for l in out.decode().splitlines()]
    check(got == [x["id"] for x in a.alerts()], "socat -u subscriber got %r" % got)


def test_config_errors(env):
    """A config with errors: exit 1, every error located, nothing started."""
    bad = os.path.join(env.dir, "bad.yaml")
    with open(bad, "w") as f:
        f.write("watchlists: [%s]\n" % os.path.join(FIXTURES, "watchlist.yaml"))
        f.write("database: alerts.db\nsocket: alerts.sock\n")
        f.write("colour: blue\n")
        f.write("http:\n  timeout: soon\n")
        f.write("sources:\n  - id: a\n    url: ftp://x/\n  - id: a\n    url: http://x/\n")
    r = run_cmd([build("sanctwatchd"), "-c", bad, "-n"])
    check(r.returncode == 1, "exit %d" % r.returncode)
    lines = [l for l in r.stderr.splitlines() if l.startswith(bad + ":")]
    check(len(lines) >= 4, "located errors:\n" + r.stderr)
    for l in lines:
        parts = l.split(":")
        check(parts[1].isdigit() and parts[2].isdigit(), "no LINE:COL in %r" % l)
    r = run_cmd([build("sanctwatchd"), "-c", bad])
    check(r.returncode == 1, "daemon started with a bad config")
    check(not os.path.exists(env.db) and not os.path.exists(env.sock), "something was started")


def test_watchlist_errors(env):
    """Duplicate ids across two watchlists and bad fields: exit 1, located."""
    w2 = os.path.join(env.dir, "w2.yaml")
    with open(w2, "w") as f:
        f.write("version: 1\nentities:\n  - id: ofac-44000\n    name: X\n"
                "  - id: y\n    name: Y\n    type: spaceship\n")
    env.write_config([], watchlists=[os.path.join(FIXTURES, "watchlist.yaml"), w2])
    r = run_cmd([build("sanctwatchd"), "-c", env.config, "-n"])
    check(r.returncode == 1, "exit %d" % r.returncode)
    check(w2 + ":3:" in r.stderr and "ofac-44000" in r.stderr, "duplicate not located:\n" + r.stderr)
    check(w2 + ":7:" in r.stderr, "bad type not located:\n" + r.stderr)


def test_check_mode(env):
    """-n accepts a good config; -n -v prints it normalized, and the printed
    config is itself a valid config."""
    env.write_config([{"id": "news", "url": env.url("designation.html")}])
    r = run_cmd([build("sanctwatchd"), "-c", env.config, "-n"])
    check(r.returncode == 0 and r.stdout == "", "-n: %d %r" % (r.returncode, r.stderr))
    r = run_cmd([build("sanctwatchd"), "-c", env.config, "-n", "-v"])
    check(r.returncode == 0, "-n -v failed: " + r.stderr)
    check("max_body" in r.stdout and "news" in r.stdout and "interval" in r.stdout,
          "normalized config:\n" + r.stdout)
    again = os.path.join(env.dir, "printed.yaml")
    with open(again, "w") as f:
        f.write(r.stdout)
    r2 = run_cmd([build("sanctwatchd"), "-c", again, "-n", "-v"])
    check(r2.returncode == 0 and r2.stdout == r.stdout, "round trip:\n" + r2.stderr)


def test_scan(env):
    """sanctwatch scan prints alert JSON lines for local files and stdin."""
    wl = os.path.join(FIXTURES, "watchlist.yaml")
    site = os.path.join(FIXTURES, "site")
    r = run_cmd([build("sanctwatch"), "scan", "-w", wl,
                 os.path.join(site, "designation.html"), os.path.join(site, "quiet.txt")])
    check(r.returncode == 0, "scan exit %d: %s" % (r.returncode, r.stderr))
    alerts = [json.loads(l) for l in r.stdout.splitlines()]
    check(sorted(a["entity"]["id"] for a in alerts) ==
          ["RU", "ofac-44000", "ofac-44024", "ofac-44030"], "scan alerts %r" % alerts)
    check(all("id" not in a and "time" not in a for a in alerts), "scan output has id/time")
    check(alerts[0]["document"]["url"].endswith("designation.html"), "url is the path")
    with open(os.path.join(site, "followup.txt")) as f:
        r = run_cmd([build("sanctwatch"), "scan", "-w", wl, "--min-score", "0.99"],
                    stdin=f)
    alerts = [json.loads(l) for l in r.stdout.splitlines()]
    check([a["entity"]["id"] for a in alerts] == ["ofac-44024"], "stdin, min-score: %r" % alerts)
    check(alerts[0]["document"]["url"] == "-", "stdin url")
    r = run_cmd([build("sanctwatch"), "scan", "-w", wl, "/nonexistent"])
    check(r.returncode == 1 and "/nonexistent" in r.stderr, "missing file")


def test_scan_large_text(env):
    """A text of several MB with stray Latin-1 bytes and NUL: scan repairs it
    in place and digests it on a second thread; each alert's document.sha256
    is the SHA-256 of the repaired text (U+FFFD for a bad byte, a space for
    NUL), and the offsets point into that text."""
    import hashlib
    wl = os.path.join(FIXTURES, "watchlist.yaml")
    para = (b"Customs officers in Bishkek weighed the 12 \xa3 invoices "
            b"again.\x00 Nothing came of it that week.\n")
    named = b"Analysts said OSOO Kargolayn shipped chips to Moscow.\n"
    # No NUL in the first 8 KiB, which scan reads as a binary file's mark.
    body = para.replace(b"\x00", b"") * 200 + para * 40000 + named + para * 40000
    path = os.path.join(env.dir, "large.txt")
    with open(path, "wb") as f:
        f.write(body)
    repaired = body.replace(b"\x00", b" ").decode("utf-8", "replace").encode()
    check(len(repaired) == len(body) + 2 * body.count(b"\xa3"), "test text")
    r = run_cmd([build("sanctwatch"), "scan", "-w", wl, path])
    check(r.returncode == 0, "scan exit %d: %s" % (r.returncode, r.stderr))
    alerts = [json.loads(l) for l in r.stdout.splitlines()]
    check(len(alerts) >= 1, "no alert in the large text: %s" % r.stdout[:500])
    want = hashlib.sha256(repaired).hexdigest()
    for a in alerts:
        check(a["document"]["sha256"] == want, "sha256 %s, want %s" %
              (a["document"]["sha256"], want))
    k = [a for a in alerts if "KARGOLAYN" in json.dumps(a).upper()]
    check(k, "the firm's alert: %r" % alerts)
    m = k[0]["match"]
    check(repaired[m["start"]:m["end"]].decode() == m["text"],
          "offsets %r into the repaired text" % m)


def test_sigterm_while_polling(env):
    """SIGTERM with transfers in flight: prompt clean exit 0, nothing lost."""
    env.write_config([{"id": "hang%d" % i, "url": env.url("fault/hang")} for i in range(5)] +
                     [{"id": "news", "url": env.url("designation.html")}])
    env.start()
    wait_for(lambda: env.requests("fault/hang") >= 5 and len(env.db_alerts()) >= 4,
             "hanging transfers and alerts")
    check(env.stop() == 0, "exit status")
    check("stopped" in env.read_log(), "no stop line")
    check(len(env.db_alerts()) == 4, "alerts kept")


def other_config(env, line, new):
    """A second config beside env's, with one line of it replaced."""
    path = os.path.join(env.dir, "other.yaml")
    with open(env.config) as f:
        text = f.read()
    check(line in text, "config line %r" % line)
    with open(path, "w") as f:
        f.write(text.replace(line, new))
    return path


def test_one_daemon_per_database(env):
    """A second daemon on the same database (another socket) is refused,
    naming the first one's pid, before it touches anything; the first goes
    on, and once it has stopped the database is free again."""
    env.write_config([])
    env.start()
    other = other_config(env, "socket: alerts.sock", "socket: other.sock")
    second = subprocess.run([build("sanctwatchd"), "-c", other],
                            capture_output=True, text=True, timeout=DEADLINE)
    check(second.returncode == 1 and "in use by another sanctwatchd (pid %d"
          % env.daemon.pid in second.stderr,
          "second daemon: %d %s" % (second.returncode, second.stderr))
    check(not os.path.exists(os.path.join(env.dir, "other.sock")),
          "the second daemon made its socket")
    check(env.live(), "the first daemon stopped")
    check(env.stop() == 0, "exit status")
    third = subprocess.run([build("sanctwatchd"), "-c", other, "--once"],
                           capture_output=True, text=True, timeout=DEADLINE)
    check(third.returncode == 0, "after the first stopped: %d %s" %
          (third.returncode, third.stderr))


def test_stale_and_live_socket(env):
    """A stale socket file is replaced; a live daemon's socket is refused."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(env.sock)
    s.close()  # leaves a stale socket file
    env.write_config([])
    env.start()
    check(env.daemon.poll() is None, "did not replace a stale socket")
    # Another daemon on the same socket (with a database of its own).
    other = other_config(env, "database: alerts.db", "database: other.db")
    second = subprocess.run([build("sanctwatchd"), "-c", other],
                            capture_output=True, text=True, timeout=DEADLINE)
    check(second.returncode == 1 and "alerts.sock" in second.stderr,
          "second daemon: %d %s" % (second.returncode, second.stderr))
    sub = env.subscribe()
    sub.send(b'{"cmd": "status"}\n')
    reply = wait_for(lambda: sub.pump(), "status reply")[0]
    check(reply["ok"] is True and reply["subscribers"] == 1, "status %r" % reply)
    check(env.stop() == 0, "exit status")
