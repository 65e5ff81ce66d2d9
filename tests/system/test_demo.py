"""The demo of the README (make demo runs scripts/demo): it must end well and
show the same alerts on the socket, in the database and at the loopback
webhook (each once, signed), and the review loop: after a false positive
with scope entity, the party's next alert is written as suppressed and
reaches neither the socket nor the webhook."""

import json
import os
import re
import subprocess

import harness
from harness import ROOT, check


def test_demo(env):
    """scripts/demo against the sample articles: socket and SQLite agree."""
    r = subprocess.run([os.path.join(ROOT, "scripts", "demo"), harness.BUILD],
                       capture_output=True, text=True, timeout=120)
    check(r.returncode == 0, "demo exit %d:\n%s\n%s" % (r.returncode, r.stdout[-2000:],
                                                        r.stderr[-2000:]))
    sock = re.search(r"alerts received on the socket \(sanctwatch tail\): (\d+)", r.stdout)
    hook = re.search(r"alerts POSTed to the loopback webhook [^:]*: (\d+)\n((?:\{.*\n)*)",
                     r.stdout)
    check(sock and hook and sock.group(1) == hook.group(1) and int(sock.group(1)) >= 13,
          "socket %s, webhook %s" % (sock and sock.group(1), hook and hook.group(1)))
    posted = [json.loads(l) for l in hook.group(2).splitlines()]
    check(len(posted) == int(sock.group(1)) and all(p["signature_ok"] for p in posted) and
          len({p["key"] for p in posted}) == len(posted), "webhook lines %r" % posted)
    # The review loop: the follow-up's Cargoline alert reaches the socket
    # and the webhook; its Russia alert is suppressed and reaches neither.
    follow = re.search(r"of them, on the socket \(sanctwatch tail\): (\d+); at the webhook: "
                       r"(\d+)", r.stdout)
    check(follow and follow.group(1) == "1" and follow.group(2) == "1",
          "follow-up delivered %s" % (follow and follow.group(0)))
    check(re.search(r"socket: \d+ entity ofac-44030 \(new\)", r.stdout),
          "the follow-up's Cargoline alert on the socket")
    db = re.search(r"alert history in SQLite: (\d+) alerts, (\d+) suppressed", r.stdout)
    check(db and int(db.group(1)) == int(sock.group(1)) + 1 + int(db.group(2)) and
          db.group(2) == "1", "database %s" % (db and db.group(0)))
    check(re.search(r"country\s+RU\s+suppressed", r.stdout), "the suppressed Russia alert")
    check(re.search(r"held back by:\n\s+#\d+ .*false-positive, scope entity", r.stdout),
          "show names the decision that held the alert back")
    check("GTME Technologii" in r.stdout and "ofac-44028" in r.stdout, "GTME not found")
    check("harbour" not in r.stdout.split("alert history in SQLite")[1].split("alerts per entity")[0],
          "the near-miss article raised an alert")
