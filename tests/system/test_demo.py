"""The demo of the README (make demo runs scripts/demo): it must end well and
show the same alerts on the socket, in the database and at the loopback
webhook (each once, signed)."""

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
    db = re.search(r"alert history in SQLite: (\d+) alerts", r.stdout)
    check(sock and db and sock.group(1) == db.group(1) and int(db.group(1)) >= 13,
          "socket %s, database %s" % (sock and sock.group(1), db and db.group(1)))
    hook = re.search(r"alerts POSTed to the loopback webhook [^:]*: (\d+)\n((?:\{.*\n)*)",
                     r.stdout)
    check(hook and hook.group(1) == db.group(1), "webhook %s" % (hook and hook.group(1)))
    posted = [json.loads(l) for l in hook.group(2).splitlines()]
    check(len(posted) == int(db.group(1)) and all(p["signature_ok"] for p in posted) and
          len({p["key"] for p in posted}) == len(posted), "webhook lines %r" % posted)
    check("GTME Technologii" in r.stdout and "ofac-44028" in r.stdout, "GTME not found")
    check("harbour" not in r.stdout.split("alert history in SQLite")[1].split("alerts per entity")[0],
          "the near-miss article raised an alert")
