"""System tests of decisions on alerts (sanctwatch review, show): recorded
with the peer's user in the append-only decisions table; a false-positive
with a scope suppresses exactly the future alerts it covers (written in
state suppressed, sent only to subscribers that ask for them), until its
expiry, or until the list entry it was made against changes; a retro-scan
obeys suppressions too.  Articles are items of RSS feeds on the loopback
HTTP server, each item a new document."""

import json
import os
import pwd
import sqlite3
import time

import harness
from harness import check, run_cmd, wait_for, write_article, write_watchlist

# A made-up company, and the same entry with one more alias.
KORVEL = ("  - id: test-korvel\n    name: KORVEL MARINE LOGISTICS LLC\n"
          "    type: organization\n    aliases: [Korvel Marine Logistics]\n"
          "    programs: [TEST-PROGRAM]\n")
KORVEL_CHANGED = KORVEL.replace("[Korvel Marine Logistics]",
                                "[Korvel Marine Logistics, Korvel Shipping]")
# Another made-up company, to change the list without touching Korvel.
ODRAN = ("  - id: test-odran\n    name: ODRAN TIMBER HOLDINGS\n"
         "    type: organization\n    programs: [TEST-PROGRAM]\n")

# Original sentences naming the parties.
KORVEL_ALIAS = "Port officials said Korvel Marine Logistics chartered a tanker in June."
KORVEL_NAME = "A filing names KORVEL MARINE LOGISTICS LLC as the charterer of record."
PROGRESS = "Progress Leader LLC arranged the cargo insurance, the filing shows."


class Feeds:
    """RSS feeds on the test server, one per source, that grow an item at a
    time; each item has its own link, so each is a new article."""

    def __init__(self, env, sources):
        self.env = env
        self.items = {s: [] for s in sources}
        for s in sources:
            self.write(s)

    def write(self, source):
        body = ["<?xml version=\"1.0\"?>", "<rss version=\"2.0\"><channel>",
                "<title>%s</title>" % source]
        for n, text in self.items[source]:
            body.append("<item><guid>%s-%d</guid><link>%s</link><title>Story %d "
                        "of %s</title><description>%s</description></item>"
                        % (source, n, self.env.url("%s/%d.html" % (source, n)), n,
                           source, text))
        body.append("</channel></rss>")
        write_article(self.env, source + ".xml", "\n".join(body) + "\n")

    def add(self, source, text):
        """Publish an item; its URL, which the alerts it raises name."""
        n = len(self.items[source]) + 1
        self.items[source].append((n, text))
        self.write(source)
        return self.env.url("%s/%d.html" % (source, n))


def client(env, *args):
    return run_cmd([os.path.join(harness.BUILD, "sanctwatch")] + list(args) + ["-s", env.sock])


def setup(env, sources=("news", "wire"), extra=KORVEL):
    wl = os.path.join(env.dir, "watchlist.yaml")
    write_watchlist(wl, extra)
    feeds = Feeds(env, sources)
    env.write_config([{"id": s, "url": env.url(s + ".xml"), "format": "rss"}
                      for s in sources], watchlists=[wl])
    env.start()
    return wl, feeds


def alert_of(env, url, entity):
    """The stored alert (id, state, suppressed_by) of a party for an item."""
    rows = env.query("SELECT a.id, s.state, a.suppressed_by FROM alerts a JOIN "
                     "alert_states s ON s.alert_id = a.id WHERE a.url = ? AND "
                     "a.entity_id = ?", url, entity)
    return rows[0] if rows else None


def wait_alert(env, url, entity):
    return wait_for(lambda: alert_of(env, url, entity), "the alert of %s for %s" % (entity, url))


def review(env, *args):
    r = client(env, "review", *args)
    check(r.returncode == 0, "review %r: exit %d: %s" % (args, r.returncode, r.stderr))
    return r


def decision_ids(env):
    return [r[0] for r in env.query("SELECT id FROM decisions ORDER BY id")]


def test_review_scopes(env):
    """A false-positive with scope source suppresses that party from that
    source only; scope text only the same matched text; scope entity the
    party anywhere; other parties are never touched.  Suppressed alerts are
    written, and reach only subscribers that ask for them."""
    wl, feeds = setup(env)
    plain = env.subscribe(since=0)
    every = env.subscribe()
    every.awaiting_reply = True
    every.send(b'{"cmd": "subscribe", "since": 0, "suppressed": true}\n')

    a1 = wait_alert(env, feeds.add("news", KORVEL_ALIAS), "test-korvel")
    check(a1[1] == "new" and a1[2] is None, "first alert %r" % (a1,))
    out = review(env, str(a1[0]), "--false-positive", "--scope", "source",
                 "--note", "a namesake in port reports").stdout
    check("alert %d: false-positive, suppressing scope source" % a1[0] in out, out)
    check(alert_of(env, env.url("news/1.html"), "test-korvel")[1]
          == "false-positive", "the decided alert's state")

    # Same party, same source: suppressed; another party there is not.
    url = feeds.add("news", KORVEL_ALIAS + " " + PROGRESS)
    a2 = wait_alert(env, url, "test-korvel")
    p2 = wait_alert(env, url, "ofac-44024")
    d1 = decision_ids(env)[-1]
    check(a2[1] == "suppressed" and a2[2] == d1, "same source %r" % (a2,))
    check(p2[1] == "new" and p2[2] is None, "another party %r" % (p2,))
    # Same party, another source: alerts.
    a3 = wait_alert(env, feeds.add("wire", KORVEL_ALIAS), "test-korvel")
    check(a3[1] == "new", "another source %r" % (a3,))

    # Scope text, on the wire's alert: the same words suppress, others do not.
    review(env, str(a3[0]), "--false-positive", "--scope", "text")
    d2 = decision_ids(env)[-1]
    a4 = wait_alert(env, feeds.add("wire", KORVEL_ALIAS), "test-korvel")
    a5 = wait_alert(env, feeds.add("wire", KORVEL_NAME), "test-korvel")
    check(a4[1] == "suppressed" and a4[2] == d2, "same text %r" % (a4,))
    check(a5[1] == "new", "other text %r" % (a5,))

    # Scope entity, on Progress Leader: suppressed everywhere.
    review(env, str(p2[0]), "--false-positive", "--scope", "entity")
    d3 = decision_ids(env)[-1]
    p6 = wait_alert(env, feeds.add("wire", PROGRESS), "ofac-44024")
    p7 = wait_alert(env, feeds.add("news", PROGRESS), "ofac-44024")
    check(p6[1] == "suppressed" and p6[2] == d3 and p7[1] == "suppressed" and p7[2] == d3,
          "entity scope %r %r" % (p6, p7))

    # The socket: the plain subscriber got no suppressed alert, the other all.
    last = env.query("SELECT max(id) FROM alerts")[0][0]
    wait_for(lambda: any(a["id"] == last for a in every.alerts()), "the last alert")
    suppressed = {r[0] for r in env.query("SELECT id FROM alerts WHERE suppressed_by IS NOT NULL")}
    check(suppressed == {a2[0], a4[0], p6[0], p7[0]}, "suppressed %r" % suppressed)
    got_every = {a["id"]: a for a in every.alerts()}
    check(set(got_every) == {r[0] for r in env.db_alerts()}, "suppressed:true got %r" % got_every)
    check(all(got_every[i]["state"] == "suppressed" and got_every[i]["suppressed_by"] > 0
              for i in suppressed), "records of suppressed alerts")
    # Anything for the plain subscriber would have come with the last alert.
    plain_ids = {a["id"] for a in plain.alerts()}
    check(plain_ids == {r[0] for r in env.db_alerts()} - suppressed,
          "plain subscriber got %r" % sorted(plain_ids))
    check(all(a["state"] in ("new", "false-positive") for a in plain.alerts()), "states")

    # A replay obeys the same: from the database, without and with.
    r = run_cmd([os.path.join(harness.BUILD, "sanctwatch"), "tail", "-s", env.sock,
                 "--since", "0", "--no-reconnect", "-n", str(len(plain_ids))])
    check({json.loads(l)["id"] for l in r.stdout.splitlines()} == plain_ids, "replay %r" % r.stdout)
    r = run_cmd([os.path.join(harness.BUILD, "sanctwatch"), "tail", "-s", env.sock,
                 "--since", "0", "--suppressed", "--format", "text", "--no-reconnect",
                 "-n", str(len(got_every))])
    lines = r.stdout.splitlines()
    check(len(lines) == len(got_every), "replay with --suppressed %r" % lines)
    line = next(l for l in lines if l.startswith("#%d " % a2[0]))
    check("(suppressed)" in line and "[TEST-PROGRAM]" in line and "Story 2 of news" in line
          and url in line, "text line %r" % line)


def test_review_records(env):
    """A decision records the peer's user and uid (SO_PEERCRED), the time and
    what its scope covers; the table refuses UPDATE and DELETE; show prints
    the alert, why it matched and its decision history."""
    wl, feeds = setup(env, sources=("news",))
    url = feeds.add("news", KORVEL_ALIAS)
    a1 = wait_alert(env, url, "test-korvel")
    review(env, str(a1[0]), "--confirm", "--note", "checked with the registry")
    review(env, str(a1[0]), "--false-positive", "--scope", "entity", "--until", "30d")
    rows = env.query("SELECT alert_id, action, scope, until, note, user, uid, kind, "
                     "entity_id, source_id, match_key, entity_digest, created_at "
                     "FROM decisions ORDER BY id")
    me = pwd.getpwuid(os.getuid()).pw_name
    check(len(rows) == 2, "decisions %r" % rows)
    check(rows[0][:7] == (a1[0], "confirm", "alert", None, "checked with the registry",
                          me, os.getuid()), "first decision %r" % (rows[0],))
    check(rows[1][1:3] == ("false-positive", "entity") and rows[1][3] > rows[1][12],
          "second decision %r" % (rows[1],))
    check(rows[1][7:11] == ("entity", "test-korvel", "news", "korvel marine logistics"),
          "what the scope covers %r" % (rows[1],))
    check(len(rows[1][11]) == 64 and rows[0][11] == rows[1][11], "digest %r" % (rows[1],))
    check(env.query("SELECT state, user FROM alert_states WHERE alert_id = ?", a1[0])
          == [("false-positive", me)], "latest decision wins")

    con = sqlite3.connect(env.db, timeout=5)
    try:
        for sql in ("UPDATE decisions SET note = 'changed'", "DELETE FROM decisions"):
            try:
                con.execute(sql)
                con.commit()
                raise harness.Fail("%s was allowed" % sql)
            except sqlite3.DatabaseError as e:
                check("append-only" in str(e), "%s: %s" % (sql, e))
    finally:
        con.close()
    check(len(decision_ids(env)) == 2, "decisions after the refused writes")

    r = client(env, "show", str(a1[0]))
    check(r.returncode == 0, "show: %s" % r.stderr)
    out = r.stdout
    for want in ("alert %d" % a1[0], "false-positive", "test-korvel KORVEL MARINE LOGISTICS LLC",
                 "programs:  TEST-PROGRAM", ">>Korvel Marine Logistics<<", "Story 1 of news",
                 url, "why:", "checked with the registry", "%s (uid %d): confirm" % (me, os.getuid()),
                 "scope entity", "[in force]"):
        check(want in out, "show lacks %r:\n%s" % (want, out))
    r = client(env, "show", "--json", str(a1[0]))
    got = json.loads(r.stdout)
    check(got["alert"]["id"] == a1[0] and got["alert"]["state"] == "false-positive" and
          [d["action"] for d in got["decisions"]] == ["confirm", "false-positive"] and
          "explain" in got["alert"]["match"] and got["decisions"][1]["in_force"] is True,
          "show --json %r" % got)


def test_review_bad_input(env):
    """An unknown id, a date in the past, a scope that does not apply, a bad
    duration or scope: a clear error naming the argument, nothing recorded."""
    wl, feeds = setup(env, sources=("news",))
    a1 = wait_alert(env, feeds.add("news", KORVEL_ALIAS), "test-korvel")
    cases = [
        ((str(a1[0] + 1000), "--confirm"), "no alert %d" % (a1[0] + 1000)),
        ((str(a1[0]), str(a1[0] + 1000), "--dismiss"), "no alert %d" % (a1[0] + 1000)),
        ((str(a1[0]), "--false-positive", "--scope", "entity", "--until", "2020-01-01"),
         "in the past"),
        ((str(a1[0]), "--false-positive", "--scope", "entity", "--until", "3x"),
         "--until"),
        ((str(a1[0]), "--false-positive", "--scope", "entity", "--until", "2026-02-30"),
         "--until"),
        ((str(a1[0]), "--confirm", "--scope", "entity"), "applies only to --false-positive"),
        ((str(a1[0]), "--false-positive", "--scope", "world"), "--scope 'world'"),
        ((str(a1[0]), "--false-positive", "--until", "30d"), "--until applies only"),
        ((str(a1[0]), "--confirm", "--dismiss"), "not several"),
        ((str(a1[0]),), "give one of"),
        (("abc", "--confirm"), "'abc' is not an alert id"),
    ]
    for args, want in cases:
        r = client(env, "review", *args)
        check(r.returncode == 1 and want in r.stderr,
              "review %r: exit %d, %r" % (args, r.returncode, r.stderr))
    # The daemon checks too, for clients other than ours.
    def ask(req):
        s = harness.Subscriber(env.sock)
        try:
            s.send((json.dumps(req) + "\n").encode())
            return wait_for(lambda: next((l for l in s.pump() if "ok" in l), None), "a reply")
        finally:
            s.close()
    for req, want in [
            ({"cmd": "review", "ids": [a1[0]], "action": "dismiss", "scope": "text"},
             "scope 'text' applies only to false-positive"),
            ({"cmd": "review", "ids": [a1[0]], "action": "false-positive", "scope": "entity",
              "until": "1999-12-31T23:00:00Z"}, "in the past"),
            ({"cmd": "review", "ids": [a1[0]], "action": "maybe"}, "'action' must be"),
            ({"cmd": "review", "ids": [], "action": "confirm"}, "'ids' must be"),
            ({"cmd": "review", "ids": [a1[0]], "action": "confirm", "by": "x"},
             "unknown field 'by'"),
            ({"cmd": "show", "id": a1[0] + 1000}, "no alert"),
            ({"cmd": "subscribe", "suppressed": 1}, "'suppressed' must be")]:
        reply = ask(req)
        check(reply["ok"] is False and want in reply["error"], "%r: %r" % (req, reply))
    check(decision_ids(env) == [], "decisions recorded: %r" % decision_ids(env))
    r = client(env, "show", str(a1[0] + 1000))
    check(r.returncode == 1 and "no alert" in r.stderr, "show of an unknown id %r" % r.stderr)


def test_review_expiry(env):
    """A suppression with --until holds until then and not after."""
    wl, feeds = setup(env, sources=("news",))
    a1 = wait_alert(env, feeds.add("news", KORVEL_ALIAS), "test-korvel")
    review(env, str(a1[0]), "--false-positive", "--scope", "entity", "--until", "3s")
    until = env.query("SELECT until FROM decisions")[0][0]
    a2 = wait_alert(env, feeds.add("news", KORVEL_ALIAS), "test-korvel")
    end = time.mktime(time.strptime(until, "%Y-%m-%dT%H:%M:%SZ")) - time.timezone
    check(a2[1] == "suppressed" or time.time() >= end, "before expiry %r" % (a2,))
    wait_for(lambda: time.time() > end + 0.5, "the expiry", timeout=10)
    a3 = wait_alert(env, feeds.add("news", KORVEL_ALIAS), "test-korvel")
    check(a3[1] == "new", "after expiry %r" % (a3,))
    r = client(env, "show", "--json", str(a1[0]))
    check(json.loads(r.stdout)["decisions"][0]["in_force"] is False, "show after expiry")


def reload(env):
    n = env.read_log().count("reloaded:")
    r = client(env, "reload")
    check(r.returncode == 0, "reload: %r" % r.stderr)
    wait_for(lambda: env.read_log().count("reloaded:") > n, "the reload")


def test_review_lapse(env):
    """A suppression holds over a list change that leaves its entry alone,
    and lapses when the entry's names change, so a re-listing is seen; a
    later decision on the same alert supersedes it."""
    wl, feeds = setup(env, sources=("news",))
    a1 = wait_alert(env, feeds.add("news", KORVEL_ALIAS), "test-korvel")
    review(env, str(a1[0]), "--false-positive", "--scope", "entity")
    write_watchlist(wl, KORVEL + ODRAN)
    reload(env)
    a2 = wait_alert(env, feeds.add("news", KORVEL_ALIAS), "test-korvel")
    check(a2[1] == "suppressed", "another entry changed %r" % (a2,))
    # A restart reads the suppression back from the database.
    check(env.stop() == 0, "exit status")
    env.start()
    a3 = wait_alert(env, feeds.add("news", KORVEL_ALIAS), "test-korvel")
    check(a3[1] == "suppressed", "after a restart %r" % (a3,))
    write_watchlist(wl, KORVEL_CHANGED + ODRAN)
    reload(env)
    a4 = wait_alert(env, feeds.add("news", KORVEL_ALIAS), "test-korvel")
    check(a4[1] == "new", "the entry changed %r" % (a4,))
    check("suppression %d of test-korvel has lapsed" % decision_ids(env)[0] in env.read_log(),
          "the lapse is logged")

    # Superseded: a new suppression, then a confirm of the same alert.
    review(env, str(a4[0]), "--false-positive", "--scope", "entity")
    a5 = wait_alert(env, feeds.add("news", KORVEL_ALIAS), "test-korvel")
    check(a5[1] == "suppressed", "the new suppression %r" % (a5,))
    review(env, str(a4[0]), "--confirm")
    a6 = wait_alert(env, feeds.add("news", KORVEL_ALIAS), "test-korvel")
    check(a6[1] == "new", "after the confirm %r" % (a6,))


def test_review_rescan(env):
    """A retro-scan after a list update obeys suppressions: a kept article
    that names the party only alerts, suppressed, when the party is listed
    again unchanged; listed again changed, it alerts as new."""
    wl, feeds = setup(env, sources=("news",))
    sub = env.subscribe(since=0)
    a1 = wait_alert(env, feeds.add("news", KORVEL_ALIAS), "test-korvel")
    review(env, str(a1[0]), "--false-positive", "--scope", "entity")
    write_watchlist(wl, ODRAN)              # Korvel off the list
    reload(env)
    u2 = feeds.add("news", KORVEL_ALIAS)
    wait_for(lambda: env.query("SELECT count(*) FROM documents WHERE url = ?", u2)[0][0] == 1,
             "the article fetched without Korvel listed")
    check(alert_of(env, u2, "test-korvel") is None, "alerted while not listed")
    write_watchlist(wl, KORVEL + ODRAN)     # listed again, unchanged
    reload(env)
    a2 = wait_alert(env, u2, "test-korvel")
    check(a2[1] == "suppressed" and a2[2] == decision_ids(env)[0], "rescan %r" % (a2,))
    write_watchlist(wl, ODRAN)
    reload(env)
    u3 = feeds.add("news", KORVEL_ALIAS)
    wait_for(lambda: env.query("SELECT count(*) FROM documents WHERE url = ?", u3)[0][0] == 1,
             "the next article")
    write_watchlist(wl, KORVEL_CHANGED + ODRAN)
    reload(env)
    a3 = wait_alert(env, u3, "test-korvel")
    check(a3[1] == "new", "rescan with the entry changed %r" % (a3,))
    wait_for(lambda: any(a["id"] == a3[0] for a in sub.alerts()), "the new alert on the socket")
    check(a2[0] not in [a["id"] for a in sub.alerts()], "the suppressed rescan alert was sent")
