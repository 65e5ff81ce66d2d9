"""System tests of what the records say (issue 13): publication dates from
RSS, Atom, a JSON API and a page, on the socket and in the database, kept
by a retro-scan of an old article; the list files each watchlist version
was made of, in the lists table, at start and after a reload that changed
a list; the importers' issuer and published; --help and the errors of
every command; status and sources as text."""

import hashlib
import json
import os
import pty
import shutil
import signal
import subprocess

import harness
from harness import FIXTURES, ROOT, check, run_cmd, wait_for, write_watchlist

LISTS = os.path.join(ROOT, "tests", "fixtures", "lists")

# Feeds written for these tests; the parties are the fixture list's.
RSS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Ledger wire</title>
<item><guid>r1</guid><link>http://news.invalid/r1</link>
<title>Freight firm fined</title>
<description>Cargoline LLC was fined for its transfers.</description>
<pubDate>Tue, 05 Mar 2024 10:15:30 +0100</pubDate></item>
<item><guid>r2</guid><link>http://news.invalid/r2</link>
<title>Designer listed</title>
<description>RM Design and Development was added to the list.</description>
<pubDate>Thu, 01 Jan 1970 00:00:00 GMT</pubDate></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom wire</title>
<entry><id>urn:a1</id><title>Leader named</title>
<link rel="alternate" href="http://news.invalid/a1"/>
<updated>2024-05-01T00:00:00Z</updated>
<published>2024-04-01T08:00:00-04:00</published>
<content type="html">&lt;p&gt;Progress Leader LLC was named.&lt;/p&gt;</content></entry>
</feed>
"""

API = {"data": [{"key": 7, "headline": "Cargoline again", "body": "Cargoline LLC was fined.",
                 "href": "http://news.invalid/api/7",
                 "meta": {"when": "2024-06-07T12:00:00+02:00"}}]}

PAGE = """<!DOCTYPE html><html><head><title>Designer listed</title>
<meta property="article:published_time" content="2024-02-03T04:05:06Z">
</head><body><p>RM Design and Development was listed.</p></body></html>
"""

# An old article in a feed: names Progress Leader, and Korvel (not listed
# until the test adds it).
OLD_RSS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Archive</title>
<item><guid>old-1</guid><link>http://news.invalid/old-1</link>
<title>Charter report</title>
<description>Korvel Marine Logistics chartered two tankers, and Progress Leader LLC
arranged the insurance.</description>
<pubDate>Mon, 04 Mar 2019 09:00:00 GMT</pubDate></item>
</channel></rss>
"""

KORVEL = ("  - id: test-korvel\n    name: KORVEL MARINE LOGISTICS LLC\n"
          "    type: organization\n    aliases: [Korvel Marine Logistics]\n")


def client(*args):
    return run_cmd([os.path.join(harness.BUILD, "sanctwatch")] + list(args))


def write(env, name, text):
    tmp = os.path.join(env.site, "." + name)
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.rename(tmp, os.path.join(env.site, name))


def config(env, sources, watchlists=None):
    """A config like the harness's, with per-source keys passed through."""
    wl = watchlists or [os.path.join(FIXTURES, "watchlist.yaml")]
    lines = ["watchlists: [%s]" % ", ".join(wl),
             "database: alerts.db", "socket: alerts.sock", "log_level: debug",
             "http: {connect_timeout: 2s, timeout: 3s, max_body: 64KiB}",
             "polling: {max_delay: 1s}", "sources:" if sources else "sources: []"]
    for s in sources:
        s = dict(s)
        lines.append("  - id: %s" % s.pop("id"))
        lines.append("    url: %s" % s.pop("url"))
        lines.append("    interval: %s" % s.pop("interval", "200ms"))
        for k, v in s.items():
            lines.append("    %s: %s" % (k, v))
    env.config = os.path.join(env.dir, "sanctwatch.yaml")
    with open(env.config, "w") as f:
        f.write("\n".join(lines) + "\n")


def published(env, source):
    return env.query("SELECT entity_id, published FROM alerts WHERE source_id = ? "
                     "AND kind = 'entity' ORDER BY entity_id", source)


def test_published_dates(env):
    """RSS pubDate with a zone, Atom published (over updated), a JSON API's
    json.published path and a page's article:published_time become
    document.published in UTC on the socket and alerts.published and
    documents.published in the database; a 1970 date is dropped."""
    write(env, "wire.rss", RSS)
    write(env, "wire.atom", ATOM)
    write(env, "api.json", json.dumps(API))
    write(env, "page.html", PAGE)
    config(env, [{"id": "rss", "url": env.url("wire.rss")},
                 {"id": "atom", "url": env.url("wire.atom"), "format": "atom"},
                 {"id": "api", "url": env.url("api.json"), "format": "json",
                  "json": "{items: data, id: key, title: headline, text: body,"
                          " link: href, published: meta.when}"},
                 {"id": "page", "url": env.url("page.html")}])
    env.start()
    sub = env.subscribe(since=0)
    want = {("rss", "ofac-44030"): "2024-03-05T09:15:30Z",
            ("rss", "ofac-44000"): None,
            ("atom", "ofac-44024"): "2024-04-01T12:00:00Z",
            ("api", "ofac-44030"): "2024-06-07T10:00:00Z",
            ("page", "ofac-44000"): "2024-02-03T04:05:06Z"}
    try:
        alerts = wait_for(lambda: (lambda a: len(a) >= len(want) and a)(
            [a for a in sub.alerts() if a["kind"] == "entity"]), "an alert per item")
    except harness.Fail:
        raise harness.Fail("alerts: %r" % [(a["document"]["source"], a["entity"]["id"])
                                           for a in sub.alerts()])
    got = {(a["document"]["source"], a["entity"]["id"]): a["document"].get("published")
           for a in alerts}
    check(got == want, "document.published on the socket: %r" % got)
    rows = {(s, e): p for s in ("rss", "atom", "api", "page") for e, p in published(env, s)}
    check(rows == want, "alerts.published: %r" % rows)
    docs = dict(env.query("SELECT url, published FROM documents WHERE source_id = 'rss'"))
    check(docs == {"http://news.invalid/r1": "2024-03-05T09:15:30Z",
                   "http://news.invalid/r2": None}, "documents.published: %r" % docs)
    r1 = next(a for a in alerts if a["document"]["url"] == "http://news.invalid/r2")
    check("published" not in r1["document"], "a dropped date is absent: %r" % r1["document"])


def test_rescan_keeps_old_date(env):
    """An article of 2019 read from a feed and retro-scanned after a list
    change: the new alert carries the article's 2019 date, not the day of
    the rescan, on the socket and in the database."""
    wl = os.path.join(env.dir, "watchlist.yaml")
    write_watchlist(wl)
    write(env, "old.rss", OLD_RSS)
    config(env, [{"id": "archive", "url": env.url("old.rss")}], watchlists=[wl])
    env.start()
    sub = env.subscribe(since=0)
    wait_for(lambda: published(env, "archive") == [("ofac-44024", "2019-03-04T09:00:00Z")],
             "the first alert, dated")
    write_watchlist(wl, KORVEL)
    env.daemon.send_signal(signal.SIGHUP)
    alert = wait_for(lambda: next((a for a in sub.alerts()
                                   if a["entity"]["id"] == "test-korvel"), None),
                     "the rescan's alert")
    check(alert["document"].get("published") == "2019-03-04T09:00:00Z",
          "the rescanned article's date: %r" % alert["document"])
    check(published(env, "archive") == [("ofac-44024", "2019-03-04T09:00:00Z"),
                                        ("test-korvel", "2019-03-04T09:00:00Z")],
          "alerts.published after the rescan: %r" % published(env, "archive"))


def sha256_file(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def lists(env):
    return env.query("SELECT watchlist_sha256, path, name, issuer, published, sha256, "
                     "entities, loaded_at FROM lists ORDER BY id")


def status(env):
    r = client("status", "-s", env.sock)
    check(r.returncode == 0, "status: %r" % r.stderr)
    return json.loads(r.stdout)


def test_lists_recorded(env):
    """The daemon records each list file in lists at start, with the file's
    name, issuer, published, sha256 and entries, under the watchlist_sha256
    its alerts carry; a reload that changes a list adds the new version's
    rows, one that changes nothing adds none, nor does a restart."""
    un = os.path.join(env.dir, "un.yaml")
    r = client("import", "un-xml", os.path.join(LISTS, "un", "consolidated.xml"))
    check(r.returncode == 0, "import: %r" % r.stderr)
    with open(un, "w") as f:
        f.write(r.stdout)
    wl = os.path.join(env.dir, "watchlist.yaml")
    write_watchlist(wl)
    write(env, "page.html", PAGE)
    config(env, [{"id": "page", "url": env.url("page.html")}], watchlists=[wl, un])
    env.start()
    wait_for(lambda: env.db_alerts(), "an alert")
    first = status(env)["watchlist_sha256"]
    rows = lists(env)
    check(len(rows) == 2, "two list files: %r" % rows)
    check(rows[0][:7] == (first, wl, "system test list", None, None, sha256_file(wl), 3),
          "the fixture list's row: %r" % (rows[0],))
    check(rows[1][:7] == (first, un, "UN Security Council consolidated list",
                          "United Nations Security Council", "2026-02-27",
                          sha256_file(un), 13), "the UN list's row: %r" % (rows[1],))
    check(len(rows[0][7]) == 20 and rows[0][7].endswith("Z"), "loaded_at %r" % rows[0][7])
    used = env.query("SELECT DISTINCT watchlist_sha256 FROM alerts")
    check(used == [(first,)], "alerts.watchlist_sha256 %r vs %r" % (used, first))

    r = client("reload", "-s", env.sock)  # nothing changed
    check(r.returncode == 0, "reload: %r" % r.stdout)
    check(len(lists(env)) == 2, "an unchanged reload added rows: %r" % lists(env))

    write_watchlist(wl, KORVEL)
    r = client("reload", "-s", env.sock)
    check(r.returncode == 0, "reload: %r" % r.stdout)
    second = status(env)["watchlist_sha256"]
    check(second != first, "the watchlist did not change")
    rows = wait_for(lambda: len(lists(env)) == 4 and lists(env), "the new version's rows")
    check([r[0] for r in rows] == [first, first, second, second], "versions %r" % rows)
    check(rows[2][1] == wl and rows[2][5] == sha256_file(wl) and rows[2][6] == 4,
          "the changed file's row: %r" % (rows[2],))
    check(rows[3][5] == rows[1][5] and rows[3][4] == "2026-02-27",
          "the unchanged file's row: %r" % (rows[3],))

    check(env.stop() == 0, "exit status")
    env.start()
    wait_for(lambda: status(env)["watchlist_sha256"] == second, "the restart")
    check(len(lists(env)) == 4, "a restart with the same lists added rows: %r" % lists(env))


def do_import(*args):
    r = client("import", *args)
    return r.returncode, r.stdout, r.stderr


def test_import_issuer_published(env):
    """The importers write the list's issuer and its own date: the UN XML's
    dateGenerated, the UK CSV's Last Updated line, the EU export's
    generationDate; OFAC's CSV states none, so --published gives it (and
    wins over a file's own); a bad --published is refused by name."""
    cases = [("un-xml", ["un/consolidated.xml"], "United Nations Security Council",
              "2026-02-27"),
             ("uk-ofsi-csv", ["uk/ConList.csv"],
              "HM Treasury, Office of Financial Sanctions Implementation (OFSI)",
              "2018-04-13"),
             ("eu-fsf-xml", ["eu/export.xml"], "European Commission (FISMA)", "2024-05-03")]
    for fmt, files, issuer, date in cases:
        rc, out, err = do_import(fmt, *[os.path.join(LISTS, f) for f in files])
        check(rc == 0, "%s: %s" % (fmt, err))
        check('\nissuer: "%s"\n' % issuer in out, "%s issuer: %s" % (fmt, out[:300]))
        check('\npublished: "%s"\n' % date in out, "%s published: %s" % (fmt, out[:300]))
        check("issuer: %s; published: %s" % (issuer, date) in err, "%s summary: %s" % (fmt, err))
    sdn = os.path.join(LISTS, "ofac", "sdn.csv")
    rc, out, err = do_import("ofac-csv", sdn)
    check(rc == 0 and "\npublished:" not in out, "ofac without a date: %s" % out[:300])
    check("published: unknown" in err and "--published" in err, "ofac summary: %s" % err)
    rc, out, err = do_import("--published", "2024-05-03", "ofac-csv", sdn)
    check(rc == 0 and '\npublished: "2024-05-03"\n' in out, "ofac --published: %s" % out[:300])
    rc, out, err = do_import("un-xml", os.path.join(LISTS, "un", "consolidated.xml"),
                             "--published", "2026-03-01")
    check(rc == 0 and '\npublished: "2026-03-01"\n' in out, "--published wins: %s" % out[:300])
    rc, out, err = do_import("--published", "2024-02-30", "ofac-csv", sdn)
    check(rc == 1 and out == "" and "--published: not a YYYY-MM-DD date: 2024-02-30" in err,
          "a bad --published: %d %r" % (rc, err))
    # The written file loads, keys and all.
    path = os.path.join(env.dir, "uk.yaml")
    rc, out, err = do_import("uk-ofsi-csv", os.path.join(LISTS, "uk", "ConList.csv"))
    with open(path, "w") as f:
        f.write(out)
    r = client("scan", "-w", path, "/dev/null")
    check(r.returncode == 0 and r.stderr == "", "the imported list loads: %r" % r.stderr)


COMMANDS = ["scan", "import", "tail", "status", "sources", "reload"]


def test_help(env):
    """--help (and -h) of every command and of the daemon: the usage on
    stdout, nothing on stderr, exit 0; the top-level --help lists every
    command."""
    for cmd in COMMANDS:
        for flag in ("--help", "-h"):
            r = client(cmd, flag)
            check(r.returncode == 0 and r.stderr == "" and
                  r.stdout.startswith("usage: sanctwatch " + cmd),
                  "%s %s: %d %r %r" % (cmd, flag, r.returncode, r.stdout[:80], r.stderr))
        check("--help" in r.stdout, "%s's help names its options: %r" % (cmd, r.stdout))
    r = client("tail", "-s", "/nonexistent", "--help")
    check(r.returncode == 0 and "--since ID" in r.stdout, "help after options: %r" % r.stdout)
    r = client("import", "--help")
    check("un-xml" in r.stdout and "--published" in r.stdout, "import help: %r" % r.stdout)
    r = client("--help")
    check(r.returncode == 0 and r.stderr == "" and
          all("sanctwatch " + c in r.stdout for c in COMMANDS), "--help: %r" % r.stdout)
    r = run_cmd([os.path.join(harness.BUILD, "sanctwatchd"), "--help"])
    check(r.returncode == 0 and r.stderr == "" and r.stdout.startswith("usage: sanctwatchd")
          and "--once" in r.stdout, "sanctwatchd --help: %r %r" % (r.stdout, r.stderr))


def test_bad_arguments(env):
    """Misuse names the argument and prints the usage on stderr, exit 1,
    nothing on stdout."""
    cases = [(["tail", "--foo"], "sanctwatch tail: unknown option --foo"),
             (["tail", "--since", "abc"], "sanctwatch tail: --since: not an alert id, a stream sequence, a time"),
             (["tail", "--min-score", "2"], "--min-score: not a number in [0, 1]: 2"),
             (["tail", "--format", "xml"], "--format: not json or text: xml"),
             (["tail", "-n", "0"], "-n: not a positive number: 0"),
             (["status", "-x"], "sanctwatch status: unknown option -x"),
             (["status", "-s"], "sanctwatch status: option -s needs a value"),
             (["sources", "extra"], "sanctwatch sources: unexpected argument 'extra'"),
             (["reload", "--json"], "sanctwatch reload: unknown option --json"),
             (["scan", "--min-score", "x"], "--min-score: not a number in [0, 1]: x"),
             (["scan", "--min-score"], "sanctwatch scan: option --min-score needs a value"),
             (["import", "--nope", "un-xml", "f"], "sanctwatch import: unknown option --nope"),
             (["import", "un-xml"], "sanctwatch import: no file given"),
             (["bogus"], "sanctwatch: unknown command 'bogus'")]
    for args, msg in cases:
        r = client(*args)
        check(r.returncode == 1 and r.stdout == "" and msg in r.stderr and
              "usage:" in r.stderr, "%r: %d %r %r" % (args, r.returncode, r.stdout, r.stderr))
    for args, msg in [(["--foo"], "sanctwatchd: unknown option --foo"),
                      (["-c"], "sanctwatchd: a value is needed after -c"),
                      (["extra"], "sanctwatchd: unexpected argument extra")]:
        r = run_cmd([os.path.join(harness.BUILD, "sanctwatchd")] + args)
        check(r.returncode == 1 and r.stdout == "" and msg in r.stderr and
              "usage: sanctwatchd" in r.stderr, "sanctwatchd %r: %r" % (args, r.stderr))


def on_terminal(args):
    """Run the client with its stdout on a pseudo-terminal; (rc, output)."""
    master, slave = pty.openpty()
    p = subprocess.Popen([os.path.join(harness.BUILD, "sanctwatch")] + args,
                         stdout=slave, stderr=subprocess.PIPE)
    os.close(slave)
    out = b""
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO once the client has exited
            break
        if not data:
            break
        out += data
    os.close(master)
    rc = p.wait(timeout=harness.DEADLINE)
    p.stderr.close()
    return rc, out.decode().replace("\r\n", "\n")


def test_status_sources_text(env):
    """status and sources: JSON when stdout is not a terminal (and with
    --json), text with --text and on a terminal."""
    write(env, "page.html", PAGE)
    config(env, [{"id": "page", "url": env.url("page.html")},
                 {"id": "gone", "url": env.url("missing.html")}])
    env.start()
    wait_for(lambda: env.db_alerts() and env.requests("missing.html") >= 1, "first polls")
    st = status(env)  # piped: JSON, as scripts read it
    check(st["ok"] is True and st["entities"] == 3, "status JSON %r" % st)
    r = client("status", "--json", "-s", env.sock)
    check(json.loads(r.stdout)["sources"] == 2, "status --json %r" % r.stdout)
    r = client("status", "--text", "-s", env.sock)
    check(r.returncode == 0, "status --text: %r" % r.stderr)
    lines = dict((l[:16].strip(), l[17:]) for l in r.stdout.splitlines())
    check(lines.get("entities") == "3" and lines.get("sources") == "2" and
          lines.get("watchlist") == st["watchlist_sha256"] and lines.get("rescan") == "-" and
          lines.get("version") == st["version"], "status text %r" % r.stdout)
    check("{" not in r.stdout, "status text has JSON: %r" % r.stdout)
    rc, out = on_terminal(["status", "-s", env.sock])
    check(rc == 0 and "entities         3" in out and "{" not in out, "on a terminal: %r" % out)
    rc, out = on_terminal(["status", "--json", "-s", env.sock])
    check(rc == 0 and json.loads(out)["ok"] is True, "--json on a terminal: %r" % out)

    def sources_text():
        r = client("sources", "--text", "-s", env.sock)
        rows = {l.split()[0]: l for l in r.stdout.splitlines()[1:]}
        return r.stdout.startswith("SOURCE ") and len(rows) == 2 and rows
    rows = wait_for(sources_text, "both sources as text")
    # ok, with the last HTTP code: 200, or 304 once it was polled again
    check(rows["page"].split()[1] == "ok" and
          (" 200 " in rows["page"] or " 304 " in rows["page"]), "page %r" % rows)
    check(rows["gone"].split()[1] == "failing" and "404" in rows["gone"], "gone %r" % rows)
    r = client("sources", "-s", env.sock)
    check(len(json.loads(r.stdout)["sources"]) == 2, "sources JSON %r" % r.stdout)
