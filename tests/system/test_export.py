"""System tests of sanctwatch export: the alert history for an auditor,
read-only from the real database the real daemon wrote, as NDJSON and CSV,
with decisions and the list files that produced each alert."""

import csv
import hashlib
import io
import json
import os
import pwd
import shutil
import sqlite3

import harness
from harness import check, run_cmd, wait_for, write_article

ME = pwd.getpwuid(os.getuid()).pw_name

# A title with the characters CSV must quote, so the round trip is tested.
PAGE = """<html><head><title>Freight, "chips" and Bishkek</title></head><body>
<p>Customs papers seen by reporters name Progress Leader and Cargoline as
consignees of Russian-bound electronics routed through Kyrgyzstan.</p>
</body></html>
"""


def client(*args):
    return run_cmd([os.path.join(harness.BUILD, "sanctwatch")] + list(args))


def export(env, *args):
    r = client("export", "-c", env.config, *args)
    check(r.returncode == 0, "export %r: exit %d: %s" % (args, r.returncode, r.stderr))
    return r.stdout


def started_with_alerts(env, n=2):
    env.write_config([{"id": "news", "url": env.url("freight.html")}])
    write_article(env, "freight.html", PAGE)
    env.start()
    sub = env.subscribe(since=0)
    wait_for(lambda: len(env.db_alerts()) >= n, "%d alerts" % n)
    wait_for(lambda: len(sub.alerts()) >= n, "%d live alerts" % n)
    return sub.alerts()


def test_export_ndjson_is_the_record(env):
    """Every stored alert comes out once, in id order, with the fields of the
    record a subscriber got, its state, and the list files behind it."""
    live = started_with_alerts(env)
    out = export(env)
    rows = [json.loads(l) for l in out.splitlines()]
    check([r["id"] for r in rows] == [r[0] for r in env.db_alerts()],
          "ids %r" % [r["id"] for r in rows])
    by_id = {r["id"]: r for r in rows}
    for a in live:
        e = by_id[a["id"]]
        for key in ("time", "kind", "severity", "countries", "snippet",
                    "watchlist_sha256"):
            check(e.get(key) == a.get(key), "%s: %r != %r" % (key, e.get(key), a.get(key)))
        for key in ("id", "name", "type", "programs", "source", "also"):
            check(e["entity"].get(key) == a["entity"].get(key),
                  "entity.%s: %r != %r" % (key, e["entity"].get(key), a["entity"].get(key)))
        for key in ("text", "name", "method", "start", "end", "count", "explain"):
            check(e["match"].get(key) == a["match"].get(key),
                  "match.%s: %r != %r" % (key, e["match"].get(key), a["match"].get(key)))
        check(abs(e["match"]["score"] - a["match"]["score"]) < 1e-9, "score")
        for key in ("source", "url", "title", "sha256"):
            check(e["document"].get(key) == a["document"].get(key),
                  "document.%s: %r != %r" % (key, e["document"].get(key),
                                             a["document"].get(key)))
        check(e["state"] == "new" and e["decisions"] == [], "state %r" % e["state"])
        # The list file that produced it, by its own SHA-256.
        with open(os.path.join(harness.FIXTURES, "watchlist.yaml"), "rb") as f:
            sha = hashlib.sha256(f.read()).hexdigest()
        check([l["sha256"] for l in e["lists"]] == [sha], "lists %r" % e["lists"])
        check(e["lists"][0]["entities"] > 0 and e["lists"][0]["loaded_at"],
              "list row %r" % e["lists"][0])


def test_export_csv_round_trips(env):
    """The CSV has one row per alert, quoted so a spreadsheet or Python's csv
    reads back exactly what the NDJSON says."""
    started_with_alerts(env)
    rows = [json.loads(l) for l in export(env).splitlines()]
    table = list(csv.DictReader(io.StringIO(export(env, "--format", "csv"), newline="")))
    check(len(table) == len(rows) >= 2, "%d CSV rows, %d alerts" % (len(table), len(rows)))
    for r, t in zip(rows, table):
        check(int(t["id"]) == r["id"] and t["entity_id"] == r["entity"]["id"], "row %r" % t)
        check(t["title"] == 'Freight, "chips" and Bishkek', "title %r" % t["title"])
        check(t["matched_text"] == r["match"]["text"], "matched %r" % t["matched_text"])
        check(t["snippet"] == r["snippet"], "snippet %r" % t["snippet"])
        check(t["programs"] == "; ".join(r["entity"]["programs"]), "programs %r" % t["programs"])
        check(abs(float(t["score"]) - r["match"]["score"]) < 1e-3, "score %r" % t["score"])
        check(t["state"] == "new" and t["decisions"] == "0", "state %r" % t)
        check(r["lists"][0]["sha256"][:12] in t["lists"], "lists %r" % t["lists"])


def test_export_decisions(env):
    """A decision made with sanctwatch review comes out with its alert: who,
    when, what, why; the state follows it, in NDJSON and in CSV."""
    started_with_alerts(env)
    first = json.loads(export(env).splitlines()[0])
    note = 'namesake, "not" the listed firm'
    r = client("review", "-s", env.sock, str(first["id"]), "--false-positive",
               "--note", note)
    check(r.returncode == 0, "review: %r %r" % (r.stdout, r.stderr))
    rows = {json.loads(l)["id"]: json.loads(l) for l in export(env).splitlines()}
    e = rows[first["id"]]
    check(e["state"] == "false-positive", "state %r" % e["state"])
    check(len(e["decisions"]) == 1, "decisions %r" % e["decisions"])
    d = e["decisions"][0]
    check(d["action"] == "false-positive" and d["note"] == note and d["scope"] == "alert"
          and d["user"] == ME and d["uid"] == os.getuid() and d["alert"] == first["id"],
          "decision %r" % d)
    others = [r for i, r in rows.items() if i != first["id"]]
    check(all(r["state"] == "new" and r["decisions"] == [] for r in others),
          "other alerts %r" % [(r["id"], r["state"]) for r in others])
    table = {int(t["id"]): t for t in
             csv.DictReader(io.StringIO(export(env, "--format", "csv"), newline=""))}
    t = table[first["id"]]
    check(t["state"] == "false-positive" and t["decision"] == "false-positive" and
          t["decision_note"] == note and t["decided_by"] == ME and t["decisions"] == "1",
          "CSV row %r" % t)


def test_export_time_range(env):
    """--from and --to bound the alert time, both inclusive; a range before
    the alerts is empty, not an error; a bad date names the option."""
    started_with_alerts(env)
    first = json.loads(export(env).splitlines()[0])
    day = first["time"][:10]
    check(export(env, "--to", "2000-01-01") == "", "alerts before 2000")
    check(len(export(env, "--from", day, "--to", day).splitlines()) >= 2, "today's alerts")
    check(len(export(env, "--from", first["time"]).splitlines()) >= 2, "from a timestamp")
    r = client("export", "-c", env.config, "--from", "2026-13-01")
    check(r.returncode == 1 and "--from" in r.stderr and r.stdout == "", "bad date: %r" % r.stderr)
    r = client("export", "-c", env.config, "--from", day, "--to", "2000-01-01")
    check(r.returncode == 1 and "after" in r.stderr, "reversed range: %r" % r.stderr)
    r = client("export", "-c", env.config, "--format", "xml")
    check(r.returncode == 1 and "--format" in r.stderr, "bad format: %r" % r.stderr)


def test_export_read_only(env):
    """Export only reads: a copy of the database comes out the same and is
    left unchanged, and what is not a sanctwatch database is refused."""
    started_with_alerts(env)
    before = export(env)
    check(env.stop() == 0, "daemon exit")
    copy = os.path.join(env.dir, "audit-copy.db")
    shutil.copy(env.db, copy)
    with open(copy, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    r = client("export", "-d", copy)
    check(r.returncode == 0 and r.stdout == before, "export of the copy: %r" % r.stderr)
    with open(copy, "rb") as f:
        check(hashlib.sha256(f.read()).hexdigest() == sha, "export changed the database")
    other = os.path.join(env.dir, "other.db")
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    r = client("export", "-d", other)
    check(r.returncode == 1 and "not a sanctwatch database" in r.stderr, "other db: %r" % r.stderr)
    r = client("export", "-d", os.path.join(env.dir, "missing.db"))
    check(r.returncode == 1 and "missing.db" in r.stderr, "missing db: %r" % r.stderr)
    check(not os.path.exists(os.path.join(env.dir, "missing.db")), "export created a database")
