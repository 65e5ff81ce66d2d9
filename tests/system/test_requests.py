"""System tests of the socket's requests through the sanctwatch client:
status, sources, reload (and a reload that must keep the old watchlist)."""

import json
import os
import shutil
import signal

import harness
from harness import FIXTURES, check, run_cmd, wait_for


def client(env, *args):
    return run_cmd([os.path.join(harness.BUILD, "sanctwatch")] + list(args) + ["-s", env.sock])


def test_status_and_sources(env):
    """status and sources answer with the daemon's state, one JSON line."""
    env.write_config([{"id": "news", "url": env.url("designation.html")},
                      {"id": "gone", "url": env.url("missing.html")}])
    env.start()
    wait_for(lambda: len(env.db_alerts()) >= 4 and env.requests("missing.html") >= 1,
             "first polls")
    r = client(env, "status")
    check(r.returncode == 0, "status exit %d: %s" % (r.returncode, r.stderr))
    st = json.loads(r.stdout)
    check(st["ok"] is True and st["sources"] == 2 and st["entities"] == 3, "status %r" % st)
    check(st["alerts_written"] >= 4, "alerts_written %r" % st)
    def sources():
        r = client(env, "sources")
        check(r.returncode == 0, "sources exit %d: %s" % (r.returncode, r.stderr))
        return {s["id"]: s for s in json.loads(r.stdout)["sources"]}
    src = wait_for(lambda: len(sources()) == 2 and sources(), "both sources' state")
    check(src["news"]["ok"] is True and src["news"]["last_http_code"] in (200, 304),
          "news %r" % src)
    check(src["gone"]["ok"] is False and "404" in src["gone"]["last_error"], "gone %r" % src)


def test_reload(env):
    """reload over the socket and SIGHUP take a new watchlist; a broken one
    is refused with its location and the old one keeps matching."""
    wl = os.path.join(env.dir, "watchlist.yaml")
    shutil.copy(os.path.join(FIXTURES, "watchlist.yaml"), wl)
    env.write_config([{"id": "story", "url": env.url("story.txt")}], watchlists=[wl])
    env.start()
    sub = env.subscribe()
    # A broken watchlist: refused, with its location; nothing changes.
    with open(wl, "a") as f:
        f.write("  - code: RU\n    name: Again\n")
    r = client(env, "reload")
    check(r.returncode == 1, "reload of a broken watchlist: exit %d" % r.returncode)
    err = json.loads(r.stdout)["error"]
    check(wl in err and "duplicate" in err, "error %r" % err)
    env.publish("story.txt", "followup.txt")
    alerts = wait_for(lambda: len(sub.alerts()) >= 2 and sub.alerts(), "alerts with the old list")
    check(sorted(a["entity"]["id"] for a in alerts) == ["RU", "ofac-44024"], "old list %r" % alerts)
    # A good new watchlist, by SIGHUP: the edited article finds the new entry.
    shutil.copy(os.path.join(FIXTURES, "watchlist.yaml"), wl)
    with open(wl) as f:
        text = f.read()
    text = text.replace("entities:\n", "entities:\n  - id: bishkek\n    name: Bishkek\n"
                        "    type: other\n", 1)
    with open(wl, "w") as f:
        f.write(text)
    env.daemon.send_signal(signal.SIGHUP)
    wait_for(lambda: "reloaded: 4 entities" in env.read_log(), "the SIGHUP reload")
    with open(os.path.join(env.site, "story.txt"), "a") as f:
        f.write("More from Bishkek.\n")
    alerts = wait_for(lambda: any(a["entity"]["id"] == "bishkek" for a in sub.alerts()) and sub.alerts(),
                      "an alert from the new entry")
    r = client(env, "reload")
    check(r.returncode == 0 and json.loads(r.stdout) == {"ok": True}, "reload: %r" % r.stdout)
    check(env.stop() == 0, "exit status")


def test_client_skips_alerts(env):
    """A connection is a subscriber too, so alerts may come before a
    request's reply: the client prints the reply, not an alert.  A scripted
    peer on a socket sends two alert lines before each reply (the daemon
    does so only by chance of timing)."""
    import socket
    import threading
    path = os.path.join(env.dir, "peer.sock")
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path)
    srv.listen(4)
    alert = b'{"id": 7, "kind": "entity", "severity": "high"}\n'
    replies = [b'{"ok":true,"version":"x"}\n', b'{"ok":false,"error":"reload: no"}\n']

    def serve():
        for reply in replies:
            c, _ = srv.accept()
            with c:
                c.sendall(alert + alert)
                buf = b""
                while b"\n" not in buf:
                    buf += c.recv(4096)
                c.sendall(reply + alert)
    t = threading.Thread(target=serve, daemon=True)
    t.start()
    try:
        r = run_cmd([os.path.join(harness.BUILD, "sanctwatch"), "status", "-s", path])
        check(r.returncode == 0 and r.stdout == '{"ok":true,"version":"x"}\n',
              "status through alerts: %r %r" % (r.stdout, r.stderr))
        r = run_cmd([os.path.join(harness.BUILD, "sanctwatch"), "reload", "-s", path])
        check(r.returncode == 1 and r.stdout == '{"ok":false,"error":"reload: no"}\n',
              "reload through alerts: %r %r" % (r.stdout, r.stderr))
    finally:
        t.join(timeout=10)
        srv.close()
