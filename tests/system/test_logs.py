"""System tests of what the log says (issue 17, "Log wording"): no C
function names in any message at log_level debug through a realistic run;
counts in the singular when there is one; --once says "all sources polled
once" once; an HTTP error says what was fetched, without credentials; a
long reload shows its progress in status while it works."""

import json
import os
import re
import signal
import socket
import threading

import harness
from harness import FIXTURES, check, run_cmd, wait_for

# "sanctwatchd: store_run: ..." or "... warning: hub_client_new: ...":
# a message that starts with a C identifier holding an underscore.
C_NAME = re.compile(r"^sanctwatchd(?:\[\d+\])?: (?:[a-z]+: )?([a-z]+_[a-z0-9_]+): ")


def client(env, *args):
    return run_cmd([os.path.join(harness.BUILD, "sanctwatch")] + list(args) +
                   ["-s", env.sock])


def request(env, obj):
    """One request on the socket, its reply as JSON."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(harness.DEADLINE)
    s.connect(env.sock)
    try:
        s.sendall(json.dumps(obj).encode() + b"\n")
        buf = b""
        while not buf.endswith(b"\n"):
            chunk = s.recv(65536)
            if not chunk:
                break
            buf += chunk
        return json.loads(buf)
    finally:
        s.close()


def c_names(log):
    """The log lines whose message starts with a C function name."""
    return [l for l in log.splitlines() if C_NAME.match(l)]


def three_sources(env, missing="missing.html"):
    """A page that alerts, a quiet one, and one that is not there (404),
    its URL with credentials the log must not show."""
    env.write_config([
        {"id": "news", "url": env.url("designation.html"), "format": "html"},
        {"id": "quiet", "url": env.url("quiet.txt"), "format": "text"},
        {"id": "gone", "url": "http://reader:s3cret@127.0.0.1:%d/%s?apiKey=K3Y"
         % (env.port, missing), "format": "html"},
    ])


def test_no_c_names_in_a_day(env):
    """Debug level through several sources, alerts, a 404, reloads (socket
    and SIGHUP), a subscriber that comes and goes, and a stop: no message
    starts with a C function name."""
    three_sources(env)
    env.start()
    sub = env.subscribe(since=0)
    wait_for(lambda: sub.pump() or sub.alerts(), "an alert to the subscriber")
    wait_for(lambda: "HTTP 404" in env.read_log(), "the 404 in the log")
    r = client(env, "reload")
    check(r.returncode == 0, "reload failed: %s%s" % (r.stdout, r.stderr))
    env.daemon.send_signal(signal.SIGHUP)
    wait_for(lambda: env.read_log().count("reloaded") >= 2 or
             "reload" in json.dumps(request(env, {"cmd": "status"}).get("last_reload")),
             "the reloads to finish")
    r = client(env, "status")
    check(r.returncode == 0, "status failed: %s" % r.stderr)
    sub.close()
    check(env.stop() == 0, "the daemon did not stop cleanly")
    log = env.read_log()
    for want in ("listening on", "client ", "reload", "database "):
        check(want in log, "the run logged nothing about %r:\n%s" % (want, log))
    bad = c_names(log)
    check(not bad, "%d log lines start with a C function name:\n%s" %
          (len(bad), "\n".join(bad[:20])))


def test_http_error_names_the_url(env):
    """A 404 says what it fetched: the URL, its credentials redacted."""
    three_sources(env)
    env.start()
    wait_for(lambda: re.search(r"warning.*gone.*404|gone.*404", env.read_log()),
             "the 404 warning")
    env.stop()
    lines = [l for l in env.read_log().splitlines()
             if "gone" in l and "404" in l]
    check(lines, "no line about the 404")
    check(any(re.search(r"source gone: fetching http://reader:\S*@127\.0\.0\.1:%d/"
                        r"missing\.html\S*: http-4xx: HTTP 404" % env.port, l)
              for l in lines),
          "the 404 does not say what was fetched:\n" + "\n".join(lines))
    for l in lines:
        check("s3cret" not in l and "K3Y" not in l,
              "credentials in the log: " + l)


def test_once_counts_in_the_singular(env):
    """--once over one source that raises one alert: "1 alert", never
    "1 alerts"; "all sources polled once" said once; -n and status say
    "1 source"."""
    harness.write_article(env, "one.txt", "Shares of OSOO KARGOLAYN fell on "
                          "Monday after a quarterly report.\n")
    env.write_config([{"id": "wire", "url": env.url("one.txt"),
                       "format": "text"}])
    r = run_cmd([os.path.join(harness.BUILD, "sanctwatchd"), "-n", "-c",
                 env.config])
    check(r.returncode == 0 and "configuration OK: 1 source, 3 entities, "
          "2 countries, 0 rules" in r.stderr, "-n: %r" % r.stderr)
    env.start("--once")
    check(env.daemon.wait(timeout=harness.DEADLINE) == 0,
          "--once failed:\n" + env.read_log())
    env.logf.close()
    log = env.read_log()
    check(len(env.db_alerts()) == 1, "not one alert: %r" % env.db_alerts())
    check(log.count("all sources polled once") == 1,
          "'all sources polled once' %d times:\n%s" %
          (log.count("all sources polled once"), log))
    check("source wire: 1 alert for " in log, "no '1 alert for':\n" + log)
    check("1 alert written" in log, "no '1 alert written':\n" + log)
    bad = re.findall(r"\b1 [a-z]+ies\b|\b1 (?:alert|source|document|item|"
                     r"poll|subscriber|rule|error|name)s\b", log)
    check(not bad, "plurals after 1: %r\n%s" % (bad, log))
    check(not c_names(log), "C names:\n" + "\n".join(c_names(log)))


def test_once_says_it_once(env):
    """Many sources finishing in the same loop turns under --once: "all
    sources polled once" is logged once (each finished poll queued a check,
    and every check that ran before the loop exited said it; about one run
    in three on a 2-core machine)."""
    env.write_config([{"id": "s%d" % i, "url": env.url(
        "designation.html" if i % 2 else "quiet.txt"), "format": "auto"}
        for i in range(10)] + [{"id": "nf", "url": env.url("nothere.html")}],
        max_per_host=16)
    for _ in range(3):
        env.start("--once")
        check(env.daemon.wait(timeout=harness.DEADLINE) == 0,
              "--once failed:\n" + env.read_log())
        env.logf.close()
        log = env.read_log()
        check(log.count("all sources polled once") == 1,
              "'all sources polled once' %d times:\n%s" %
              (log.count("all sources polled once"), log))
        os.unlink(env.log)
    env.daemon = None


def fifo_over(path):
    """Replace path by a FIFO (atomically)."""
    tmp = path + ".fifo"
    os.mkfifo(tmp)
    os.rename(tmp, path)


def small_list(n):
    """A watchlist of n made-up organisations (ids pr-1 ...)."""
    out = ['version: 1', 'name: "progress test list"', 'entities:']
    for i in range(1, n + 1):
        out += ["  - id: pr-%d" % i, "    name: PROGRESS TEST TRADING %d LLC" % i,
                "    type: organization"]
    return "\n".join(out) + "\n"


def test_reload_progress(env):
    """A reload whose second watchlist is still being read (a FIFO the test
    holds open, so the reload is provably in progress while it asks): status
    shows "reloading" with the step and "file 2 of 2", `sanctwatch status`
    prints it, and so does systemd's STATUS=; once the file is written the
    reload ends and the field is gone (issue 17, "a long reload shows
    progress")."""
    from test_service import Notify, environ
    wl = os.path.join(env.dir, "more.yaml")
    with open(wl, "w") as f:
        f.write(small_list(3))
    env.write_config([{"id": "quiet", "url": env.url("quiet.txt"), "interval": "1h"}],
                     watchlists=[os.path.join(FIXTURES, "watchlist.yaml"), wl])
    n = Notify(os.path.join(env.dir, "notify.sock"))
    try:
        with environ(NOTIFY_SOCKET=n.path, WATCHDOG_USEC=None, WATCHDOG_PID=None):
            env.start()
        n.wait("READY", what="READY=1")
        check(request(env, {"cmd": "status"}).get("reloading", "absent") is None,
              "status shows a reload before any: %r" % request(env, {"cmd": "status"}))
        fifo_over(wl)
        writer = os.open(wl, os.O_RDWR)  # the reload's read waits for data
        try:
            env.daemon.send_signal(signal.SIGHUP)
            rel = wait_for(lambda: (request(env, {"cmd": "status"}).get("reloading")
                                    or {}).get("file") == 2 and
                           request(env, {"cmd": "status"})["reloading"],
                           "status to show the reload reading file 2")
            check(rel["step"] == "reading watchlists" and rel["files"] == 2 and
                  rel["by"] == "SIGHUP" and rel["entities"] >= 3,
                  "the reload's progress: %r" % rel)
            r = client(env, "status", "--text")
            check(r.returncode == 0 and re.search(
                r"(?m)^reloading +reading watchlists \(file 2 of 2, \d+ entities so far\)"
                r", \d+ s, asked by SIGHUP$", r.stdout), "status --text:\n" + r.stdout)
            wait_for(lambda: any(k == "STATUS" and v.startswith(
                "reloading: reading watchlists (file 2 of 2, ") for k, v in n.pump()),
                "STATUS= with the reload's progress")
            data = small_list(500).encode()
            for i in range(0, len(data), 4096):  # slowly: the reload still waits
                os.write(writer, data[i:i + 4096])
            check(request(env, {"cmd": "status"}).get("reloading") is not None,
                  "the reload ended before its file did")
        finally:
            os.close(writer)  # end of file: the reload can finish
        wait_for(lambda: "reloaded: 503 entities" in env.read_log(), "the reload to end")
        st = request(env, {"cmd": "status"})
        check(st["reloading"] is None and st["last_reload"]["ok"] and
              st["entities"] == 503, "status after the reload: %r" % st)
    finally:
        n.close()
