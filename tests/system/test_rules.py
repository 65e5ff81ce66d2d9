"""System tests of the export-risk rules (docs/rules.md): rule alerts go
through the alert path (socket, database, replay, filters), one per
(document, rule); ordinary news on the same countries raises none; a
rules file with errors is refused at -n and at a reload, with its
location, and the running rules go on; a rules change rescans the kept
texts.  The articles are written for these tests."""

import json
import os
import shutil
import subprocess

import harness
from harness import FIXTURES, check, run_cmd, wait_for, write_article

# A small rules file over the fixture watchlist's countries (KG, RU).
RULES = """version: 1
sets:
  - id: third
    countries: [KG]
    terms: [Bishkek, Kazakhstan]
  - id: dest
    countries: [RU]
    terms: [Moscow]
  - id: goods
    terms: [microchips, drone parts, electronic components]
    hs: [8542.31]
rules:
  - id: transit
    name: Priority goods through a third country
    all: [third, dest, goods]
    window: paragraph
    boost: high
    topic: export.risk
    severity: medium
"""

# Circumvention, written two ways in two paragraphs (one alert, count 2).
STORY = ("Traders in Bishkek say microchips bought in Asia still reach "
         "buyers in Russia within a week.\n\n"
         "Customs papers list goods under HS 8542.31 trucked from "
         "Kyrgyzstan to Moscow in March.\n")

# The same countries, no goods; the goods far from the countries.
QUIET = ("Kyrgyzstan and Russia drew 1-1 in a friendly in Bishkek.\n\n"
         "Prices of microchips fell this spring, analysts said.\n")

BROKEN = RULES.replace("all: [third, dest, goods]", "all: [third, dest, wares]")


def client(env, *args):
    return run_cmd([os.path.join(harness.BUILD, "sanctwatch")] + list(args) + ["-s", env.sock])


def setup(env, rules_text=RULES, with_rules=True, extra=""):
    rules = os.path.join(env.dir, "rules.yaml")
    with open(rules, "w") as f:
        f.write(rules_text)
    if with_rules:
        extra = "rules: [%s]\n" % rules + extra
    env.write_config([{"id": "story", "url": env.url("story.txt")},
                      {"id": "quiet", "url": env.url("quiet.txt")}], extra=extra)
    return rules


def rule_rows(env):
    return env.query("SELECT id, rule_id, topic, source_id, match_count, rule_spans, "
                     "severity FROM alerts WHERE kind = 'rule' ORDER BY id")


def test_rule_alert(env):
    """A circumvention story raises one rule alert with its spans, on the
    socket and in the database; the quiet article raises none; replay and
    the --kind / --rule filters give it back."""
    setup(env)
    write_article(env, "quiet.txt", QUIET)
    env.start()
    sub = env.subscribe(since=0)
    write_article(env, "story.txt", STORY)
    alert = wait_for(lambda: next((a for a in sub.alerts() if a["kind"] == "rule"), None),
                     "a rule alert on the socket")
    check(alert["rule"]["id"] == "transit" and alert["rule"]["topic"] == "export.risk",
          "rule %r" % alert.get("rule"))
    check(alert["entity"]["id"] == "transit" and alert["severity"] == "medium",
          "alert %r" % alert)
    texts = [(s["set"], s["text"]) for s in alert["rule"]["spans"]]
    check(("third", "Bishkek") in texts and ("goods", "microchips") in texts and
          ("dest", "Russia") in texts, "spans %r" % texts)
    check(alert["match"]["count"] == 2 and alert["match"]["method"] == "rule",
          "match %r" % alert["match"])
    check("microchips" in alert["snippet"], "snippet %r" % alert["snippet"])
    check(alert["document"]["source"] == "story", "document %r" % alert["document"])
    wait_for(lambda: env.query("SELECT count(*) FROM sources WHERE last_ok IS NOT NULL")[0][0] == 2,
             "both sources fetched")
    polls = env.requests("story.txt")
    wait_for(lambda: env.requests("story.txt") >= polls + 2, "more polls")
    rows = rule_rows(env)
    check(len(rows) == 1, "rule alerts in the database: %r" % rows)
    rid, rule_id, topic, source, count, spans, sev = rows[0]
    check(rid == alert["id"] and rule_id == "transit" and topic == "export.risk" and
          source == "story" and count == 2, "row %r" % (rows[0],))
    check(json.loads(spans) == alert["rule"]["spans"], "stored spans %r" % spans)
    # Replay and the filters.
    r = client(env, "tail", "--since", "0", "-n", "1", "--kind", "rule")
    check(r.returncode == 0, "tail --kind rule: %r" % r.stderr)
    got = json.loads(r.stdout.splitlines()[0])
    check(got["id"] == rid and got["rule"] == alert["rule"], "replayed %r" % got)
    r = client(env, "tail", "--since", "0", "-n", "1", "--rule", "transit")
    check(r.returncode == 0 and json.loads(r.stdout.splitlines()[0])["id"] == rid,
          "tail --rule: %r %r" % (r.stdout, r.stderr))
    other = env.subscribe()
    other.awaiting_reply = True
    other.send(b'{"cmd": "subscribe", "since": 0, "rules": ["nope"]}\n')
    filt = env.subscribe()
    filt.awaiting_reply = True
    filt.send(b'{"cmd": "subscribe", "since": 0, "kinds": ["entity", "country"]}\n')
    wait_for(lambda: len(filt.alerts()) >= len(env.db_alerts()) - 1, "the filtered replay")
    check(all(a["kind"] != "rule" for a in filt.alerts()), "kind filter let a rule through")
    check(other.alerts() == [], "rule filter let %r through" % other.alerts())
    check(env.stop() == 0, "exit status")


def test_rules_check(env):
    """sanctwatchd -n reports a broken rules file with its location and
    fails; a good one is counted."""
    rules = setup(env, BROKEN)
    r = run_cmd([os.path.join(harness.BUILD, "sanctwatchd"), "-n", "-c", env.config])
    check(r.returncode == 1, "-n of a broken rules file: exit %d" % r.returncode)
    check("%s:15:24:" % rules in r.stderr and "unknown set 'wares'" in r.stderr,
          "error %r" % r.stderr)
    with open(rules, "w") as f:
        f.write(RULES)
    r = run_cmd([os.path.join(harness.BUILD, "sanctwatchd"), "-n", "-c", env.config])
    check(r.returncode == 0 and "1 rule\n" in r.stderr, "-n: %r" % r.stderr)


def test_reload_broken_rules(env):
    """A reload with a broken rules file is refused with the location, and
    the running rules still fire."""
    rules = setup(env)
    write_article(env, "quiet.txt", QUIET)
    env.start()
    sub = env.subscribe(since=0)
    before = json.loads(client(env, "status").stdout)
    check(before["rules"] == 1, "status %r" % before)
    with open(rules, "w") as f:
        f.write(BROKEN)
    r = client(env, "reload")
    check(r.returncode == 1, "reload of broken rules: exit %d" % r.returncode)
    err = json.loads(r.stdout)["error"]
    check(rules in err and "unknown set 'wares'" in err, "error %r" % err)
    after = json.loads(client(env, "status").stdout)
    check(after["rules_sha256"] == before["rules_sha256"], "the rules changed")
    write_article(env, "story.txt", STORY)
    wait_for(lambda: any(a["kind"] == "rule" for a in sub.alerts()),
             "a rule alert from the old rules")
    check(env.stop() == 0, "exit status")


def test_rescan_on_rules_change(env):
    """An article fetched without rules raises no rule alert; a reload that
    adds the rules scans the kept text again and raises it once."""
    setup(env, with_rules=False)
    write_article(env, "quiet.txt", QUIET)
    write_article(env, "story.txt", STORY)
    env.start()
    sub = env.subscribe(since=0)
    wait_for(lambda: env.query("SELECT count(*) FROM document_texts")[0][0] == 2,
             "both texts kept")
    check(rule_rows(env) == [], "a rule alert without rules")
    setup(env)  # the same config, now naming the rules
    r = client(env, "reload")
    check(r.returncode == 0, "reload: %r" % r.stdout)
    alert = wait_for(lambda: next((a for a in sub.alerts() if a["kind"] == "rule"), None),
                     "the rescan's rule alert")
    check(alert["document"]["source"] == "story", "alert %r" % alert)
    wait_for(lambda: "rescan: 2 documents" in env.read_log(), "the rescan's end")
    check(len(rule_rows(env)) == 1, "rule alerts %r" % rule_rows(env))
    check(env.stop() == 0, "exit status")


def test_default_rules_demo_article(env):
    """sanctwatch scan with the shipped config's rules and watchlist: the
    demo's sample article raises the default rule, the near-miss article
    raises nothing."""
    conf = os.path.join(harness.ROOT, "config", "demo", "sanctwatch.yaml")
    arts = os.path.join(harness.ROOT, "config", "demo", "articles")
    r = subprocess.run([os.path.join(harness.BUILD, "sanctwatch"), "scan", "-c", conf,
                        os.path.join(arts, "transit-electronics.txt"),
                        os.path.join(arts, "harbour-news.html")],
                       capture_output=True, text=True, timeout=60, cwd=os.path.dirname(conf))
    check(r.returncode == 0, "scan: %r" % r.stderr)
    alerts = [json.loads(l) for l in r.stdout.splitlines()]
    rules = [(a["rule"]["id"], os.path.basename(a["document"]["url"]))
             for a in alerts if a["kind"] == "rule"]
    check(rules == [("ru-by-third-country-chpl", "transit-electronics.txt")],
          "rule alerts %r" % rules)


def test_rule_alert_review(env):
    """A rule alert can be reviewed like any other: a false positive with
    scope entity (the rule) writes the rule's later alerts as suppressed,
    the daemon going on; export shows the decision."""
    setup(env)
    write_article(env, "quiet.txt", QUIET)
    env.start()
    write_article(env, "story.txt", STORY)
    wait_for(lambda: rule_rows(env), "the rule alert")
    first = rule_rows(env)[0][0]
    r = client(env, "review", str(first), "--false-positive", "--scope", "entity",
               "--note", "trade statistics, not evasion")
    check(r.returncode == 0, "review of a rule alert: %r %r" % (r.stdout, r.stderr))
    write_article(env, "quiet.txt", "Another desk's version.\n\n" + STORY)
    wait_for(lambda: len(rule_rows(env)) >= 2, "the other source's rule alert")
    rows = env.query("SELECT id, suppressed_by FROM alerts WHERE kind = 'rule' ORDER BY id")
    check(rows[0][1] is None and rows[1][1] is not None, "suppressed_by %r" % rows)
    check(env.live(), "the daemon answers")
    out = run_cmd([os.path.join(harness.BUILD, "sanctwatch"), "export", "-c", env.config])
    states = {json.loads(l)["id"]: json.loads(l)["state"] for l in out.stdout.splitlines()}
    check(states.get(first) == "false-positive" and states.get(rows[1][0]) == "suppressed",
          "export states %r" % states)
