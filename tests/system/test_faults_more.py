"""More system tests of issue 17 (faults a real deployment meets, and the
paper cuts of a first day), for the items test_faults.py does not cover:
each provokes the fault against the real daemon or client and checks what
docs/operations.md promises.  Work and output are checked, never time."""

import json
import os
import socket
import subprocess
import sys

import harness
from harness import FIXTURES, Subscriber, check, run_cmd, wait_for
from test_faults import client, polls, source_lines, status, write


def test_feed_over_2000_items(env):
    """A feed of 2,500 items in one body: the first 2,000 are scanned and
    the log says how many were left out and why (issue 17, item 8)."""
    items = "".join("<item><guid>g%d</guid><title>Story %d</title><description>"
                    "Desk note %d.</description></item>" % (i, i, i) for i in range(2500))
    write(env, "big.rss", ('<?xml version="1.0"?><rss version="2.0"><channel>'
                           "<title>Big</title>%s</channel></rss>" % items).encode())
    env.write_config([{"id": "big", "url": env.url("big.rss"), "format": "rss",
                       "interval": "1h"}], max_body="1MiB")
    env.start()
    wait_for(lambda: "are left out" in env.read_log(), "the log line of the items left out")
    check("source big: the feed has 2500 items; the first 2000 are scanned and 500 "
          "are left out (at most 2000 a body)" in env.read_log(),
          [l for l in env.read_log().splitlines() if "left out" in l][0])
    wait_for(lambda: env.query("SELECT count(*) FROM documents WHERE source_id = 'big'")[0][0]
             == 2000, "the 2,000 items stored")


def maxrss_kib(args):
    """Run args; its exit status, stderr and peak RSS in KiB (from a
    fresh process of our own, whose only child it is)."""
    code = ("import resource, subprocess, sys\n"
            "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
            "sys.stdout.write('%d\\n' % resource.getrusage("
            "resource.RUSAGE_CHILDREN).ru_maxrss)\n"
            "sys.stdout.write('%d\\n' % r.returncode)\n"
            "sys.stdout.write(r.stderr)\n")
    r = run_cmd([sys.executable, "-c", code] + args)
    kib, rc, err = r.stdout.split("\n", 2)
    return int(rc), err, int(kib)


def test_watchlist_limits(env):
    """A watchlist of 300 MiB is refused before it is read (the daemon's
    peak memory stays far below the file's size), naming the limit; a
    watchlist with no entities is accepted with a warning that no party
    can be found (issue 17, item 14)."""
    big = os.path.join(env.dir, "huge.yaml")
    with open(big, "wb") as f:
        f.write(b"version: 1\nentities:\n")
        f.truncate(300 * 1024 * 1024)  # sparse: nothing on disk
    env.write_config([], watchlists=[big])
    rc, err, kib = maxrss_kib([os.path.join(harness.BUILD, "sanctwatchd"), "-n", "-c",
                               env.config])
    check(rc != 0 and "file too large" in err and "huge.yaml" in err, "-n: %d %r" % (rc, err))
    check(kib < 64 * 1024, "peak memory %d KiB while refusing a 300 MiB file" % kib)
    empty = os.path.join(env.dir, "empty.yaml")
    with open(empty, "w") as f:
        f.write("version: 1\nentities: []\n")
    env.write_config([{"id": "news", "url": env.url("designation.html"), "interval": "1h"}],
                     watchlists=[empty])
    env.start()
    wait_for(lambda: "no entities: no party can be found" in env.read_log(),
             "the warning of a watchlist with no entities")
    check(status(env)["sources"] == 1, "status")


def test_closed_client_not_counted(env):
    """A client that subscribes, or asks for status, and closes is no
    longer counted as a subscriber, with no alert written meanwhile to
    notice it (issue 17, paper cuts)."""
    env.write_config([{"id": "quiet", "url": env.url("quiet.txt"), "interval": "1h"}])
    env.start()
    wait_for(lambda: polls(env, "quiet") >= 1, "the first poll")
    base = status(env)["subscribers"]
    gone = []
    for req in (b'{"cmd": "subscribe", "since": 0}\n', b'{"cmd": "status"}\n'):
        s = Subscriber(env.sock)
        s.send(req)
        wait_for(lambda: any("ok" in l for l in s.pump()), "the reply")
        gone.append(s)
    stay = env.subscribe(since=0)
    wait_for(lambda: status(env)["subscribers"] >= base + 2, "the subscribers counted")
    for s in gone:
        s.close()
    wait_for(lambda: status(env)["subscribers"] == base + 1,
             "the closed clients no longer counted")
    check(env.db_alerts() == [], "an alert was written: %r" % env.db_alerts())
    stay.close()


# Links in a feed to addresses in every form: the private ones are refused
# before any connection (error class refused), the public one is not.
LINK_FORMS = [
    ("v4 loopback", "http://127.0.0.1:%d/designation.html", True),
    ("v4 other loopback", "http://127.1.2.3:%d/x", True),
    ("unspecified", "http://0.0.0.0:%d/x", True),
    ("link-local (metadata)", "http://169.254.169.254:%d/latest/meta-data/", True),
    ("RFC 1918", "http://10.0.0.1:%d/x", True),
    ("CGNAT", "http://100.64.0.1:%d/x", True),
    ("v6 loopback", "http://[::1]:%d/x", True),
    ("v4-mapped loopback", "http://[::ffff:127.0.0.1]:%d/x", True),
    ("v4-mapped, hex", "http://[::ffff:7f00:1]:%d/x", True),
    ("v4-mapped RFC 1918", "http://[::ffff:10.1.2.3]:%d/x", True),
    ("v6 link-local", "http://[fe80::1]:%d/x", True),
    ("v6 unique local", "http://[fd12:3456::1]:%d/x", True),
    ("v4-mapped public", "http://[::ffff:198.51.100.7]:%d/x", False),
]


def test_link_address_forms(env):
    """Item links to a private address in each of its forms (IPv4,
    IPv6, IPv4 mapped into IPv6, written as a dotted quad or in hex) are
    refused as private by the daemon as built (optimised), and an
    IPv4-mapped public address is not (issue 17, item 12: the mapped form
    was read through a punned pointer, which GCC -O2 miscompiled).  Two
    runs of 7 and 6 links: the log names 10 failed links a minute."""
    half = (len(LINK_FORMS) + 1) // 2
    for run, forms in enumerate((LINK_FORMS[:half], LINK_FORMS[half:])):
        link_forms_run(env, run, forms)


def link_forms_run(env, run, forms):
    sid = "forms%d" % run
    items = "".join("<item><guid>l%d</guid><title>Link %d</title><link>%s</link></item>"
                    % (i, i, url % env.port) for i, (_, url, _) in enumerate(forms))
    write(env, sid + ".rss", ('<?xml version="1.0"?><rss version="2.0"><channel>'
                              "<title>Forms</title>%s</channel></rss>" % items).encode())
    env.write_config([{"id": sid, "url": env.url(sid + ".rss"), "format": "rss",
                       "interval": "1h"}])
    source_lines(env, sid, ["    fetch_links: true"])
    env.start()

    def outcome(url):
        for l in env.read_log().splitlines():
            if "source %s: item link %s:" % (sid, url) in l:
                return l.split(": item link ", 1)[1].split(": ", 1)[1]
        return None
    wait_for(lambda: all(outcome(url % env.port) for _, url, _ in forms),
             "every link's outcome", timeout=harness.DEADLINE * 2)
    check(env.stop() == 0, "exit status")
    for name, url, private in forms:
        got = outcome(url % env.port)
        check(got.startswith("refused") == private, "%s (%s): %s" % (name, url % env.port, got))
    check(env.requests("designation.html") == 0, "the loopback link was fetched")


def test_check_paths_unwritable(env):
    """`sanctwatchd -n` run by a user who may not write the database's
    directory warns about it (the service's user may differ) and says the
    configuration is OK otherwise (issue 17, paper cuts: -n checks what it
    can, as nginx -t does).  As root it runs as nobody."""
    root = os.geteuid() == 0
    ro = os.path.join(env.dir, "ro")
    os.mkdir(ro)
    os.chmod(ro, 0o555)
    wl = os.path.join(env.dir, "watchlist.yaml")
    harness.write_watchlist(wl)
    env.write_config([{"id": "news", "url": env.url("designation.html")}], watchlists=[wl])
    with open(env.config) as f:
        text = f.read()
    with open(env.config, "w") as f:
        f.write(text.replace("database: alerts.db", "database: ro/alerts.db"))
    os.chmod(env.config, 0o644)
    os.chmod(wl, 0o644)
    os.chmod(env.dir, 0o755)
    kw = {"user": 65534, "group": 65534, "extra_groups": []} if root else {}
    daemon = harness.other_user_copy(env, "sanctwatchd") if root else \
        os.path.join(harness.BUILD, "sanctwatchd")
    r = subprocess.run([daemon, "-n", "-c", env.config], capture_output=True, text=True,
                       timeout=harness.DEADLINE, **kw)
    check(r.returncode == 0 and "warning: database directory %s: Permission denied" % ro
          in r.stderr and "configuration OK" in r.stderr, "-n: %d %r" % (r.returncode, r.stderr))
