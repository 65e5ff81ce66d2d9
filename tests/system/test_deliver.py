"""System tests of delivery (docs/delivery.md): the real daemon, its
SQLite outbox and real loopback webhook receivers (receiver.py) and
commands.  Retries use a small delivery.retry_base so that nothing waits
long; no test asserts how long anything took."""

import json
import os
import signal
import stat

import harness
from harness import DESIGNATION, Subscriber, check, run_cmd, wait_for
from receiver import Receiver, free_port

SECRET = b"test-secret-\xc3\xa9"
FAST = "delivery:\n  retry_base: 50ms\n  retry_max: 200ms\n"


def news(env):
    return [{"id": "news", "url": env.url("designation.html")}]


def target(tid, **keys):
    lines = ["  - id: %s" % tid]
    for k, v in keys.items():
        lines.append("    %s: %s" % (k, json.dumps(v)))
    return "\n".join(lines)


def config(env, *targets, sources=None, extra=""):
    text = FAST + extra + "deliver:\n" + "\n".join(targets)
    return env.write_config(news(env) if sources is None else sources, extra=text)


def status(env):
    s = Subscriber(env.sock)
    try:
        s.send(b'{"cmd": "status"}\n')
        return wait_for(lambda: s.pump(), "status")[0]
    finally:
        s.close()


def target_status(env, tid):
    for t in status(env)["deliver"]:
        if t["id"] == tid:
            return t
    return None


def outbox(env, tid, state=None):
    if state is None:
        return env.query("SELECT alert_id, state, attempts, last_error FROM outbox "
                         "WHERE target = ? ORDER BY alert_id", tid)
    return env.query("SELECT alert_id, state, attempts, last_error FROM outbox "
                     "WHERE target = ? AND state = ? ORDER BY alert_id", tid, state)


def alert_ids(env):
    return sorted(str(r[0]) for r in env.query("SELECT id FROM alerts"))


def script(env, name, body):
    path = os.path.join(env.dir, name)
    with open(path, "w") as f:
        f.write("#!/bin/sh\n" + body)
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
    return path


def check_exactly_once(env, rcv):
    """Every alert reached the receiver, accepted once, signed, keyed."""
    got = rcv.accepted()
    ids = alert_ids(env)
    check(len(ids) == len(DESIGNATION), "alerts written: %r" % ids)
    check(sorted(got) == ids, "accepted keys %r, alerts %r" % (sorted(got), ids))
    check(all(len(v) == 1 for v in got.values()), "an alert accepted twice: %r" %
          {k: len(v) for k, v in got.items()})
    for r in rcv.all():
        body = r.json()
        check(r.header("Idempotency-Key") == str(body["id"]) ==
              r.header("X-Sanctwatch-Alert-Id"), "keys %r" % r.headers)
        check(rcv.signature_ok(r), "bad signature on %r" % r.headers)
        check(r.header("Content-Type") == "application/json", "content type")
        check(body["entity"]["id"] and body["document"]["source"] == "news",
              "the alert record as body")


def test_webhook_recovers(env):
    """A receiver refusing connections, then answering 500, then 200: every
    alert arrives exactly once by idempotency key with a valid signature;
    the outbox and status tell what happened."""
    port = free_port()
    config(env, target("soc", webhook="http://127.0.0.1:%d/hook" % port,
                       secret=SECRET.decode(), allow_private=True, timeout="2s"))
    env.start()
    wait_for(lambda: len(env.query("SELECT 1 FROM outbox WHERE target = 'soc' "
                                   "AND attempts >= 2")) == 4, "retries while refused")
    rows = outbox(env, "soc")
    check(all(r[1] == "queued" and "connect" in r[3] for r in rows),
          "queued with a connect error: %r" % rows)
    st = target_status(env, "soc")
    check(st["queued"] == 4 and st["delivered"] == 0 and "connect" in st["last_error"]
          and st["last_success"] is None, "status while down: %r" % st)
    rcv = Receiver(port=port, secret=SECRET,
                   behaviour=lambda n, req: (500, b"busy\n") if n <= 6 else (200, b"ok\n"))
    try:
        wait_for(lambda: len(outbox(env, "soc", "delivered")) == 4, "all delivered")
        check(len(rcv.all()) >= 10, "six 500s, then four 200s: %d" % len(rcv.all()))
        check_exactly_once(env, rcv)
        check(any("HTTP 500" in (r[3] or "") for r in outbox(env, "soc")),
              "a 500 recorded as the last error: %r" % outbox(env, "soc"))
        st = target_status(env, "soc")
        check(st["queued"] == 0 and st["delivered"] == 4 and st["dead"] == 0 and
              st["last_success"] and st["kind"] == "webhook", "status: %r" % st)
        check("test-secret" not in env.read_log(), "the secret in the log")
    finally:
        rcv.close()


def test_webhook_kill9(env):
    """Alerts queued while the receiver is down survive a kill -9 of the
    daemon and are delivered, once each, by the next run."""
    port = free_port()
    config(env, target("soc", webhook="http://127.0.0.1:%d/hook" % port,
                       secret=SECRET.decode(), allow_private=True, timeout="500ms"))
    env.start()
    wait_for(lambda: len(outbox(env, "soc")) == 4, "four queued")
    env.stop(signal.SIGKILL)
    check(len(outbox(env, "soc", "queued")) == 4, "still queued after kill -9")
    rcv = Receiver(port=port, secret=SECRET)
    try:
        env.start()
        wait_for(lambda: len(outbox(env, "soc", "delivered")) == 4, "delivered after restart")
        check_exactly_once(env, rcv)
        check(len(env.db_alerts()) == 4, "no alert raised twice")
    finally:
        rcv.close()


def test_commands(env):
    """A command that hangs is killed at its timeout and retried, one that
    exits non-zero is retried, and neither holds up the webhook target or
    polling; each gets the alert on its standard input."""
    out = os.path.join(env.dir, "out")
    os.mkdir(out)
    hang = script(env, "hang.sh",
                  'if [ "$SANCTWATCH_ATTEMPT" = 1 ]; then sleep 60; fi\n'
                  'cat > %s/hang-$SANCTWATCH_ALERT_ID\n' % out)
    flaky = script(env, "flaky.sh",
                   'cat > /dev/null\n'
                   'if [ "$SANCTWATCH_ATTEMPT" = 1 ]; then echo "no route to relay" >&2; '
                   'exit 3; fi\n'
                   'cat > /dev/null\necho ok > %s/flaky-$SANCTWATCH_ALERT_ID\n' % out)
    mail = script(env, "mail.sh", 'cat > %s/mail-$SANCTWATCH_ALERT_ID\n' % out)
    rcv = Receiver(secret=SECRET)
    chat = Receiver()
    try:
        config(env,
               target("chat", webhook=chat.url(), format="slack", allow_private=True),
               target("hang", command=[hang], timeout="4s", concurrency=4),
               target("flaky", command=[flaky], timeout="4s"),
               target("mail", command=[mail], kinds=["entity"],
                      template="Subject: {{entity.name}} ({{id}})\n\n{{snippet}}\n"),
               target("soc", webhook=rcv.url(), secret=SECRET.decode(), allow_private=True))
        env.start()
        wait_for(lambda: len(rcv.accepted()) == 4, "the webhook's four")
        polls = env.requests("designation.html")
        wait_for(lambda: env.requests("designation.html") >= polls + 2, "two more polls")
        check(not [f for f in os.listdir(out) if f.startswith("hang-")],
              "the hung commands were not waited for")
        wait_for(lambda: len(outbox(env, "hang", "delivered")) == 4, "hang retried")
        wait_for(lambda: len(outbox(env, "flaky", "delivered")) == 4, "flaky retried")
        wait_for(lambda: len(outbox(env, "mail", "delivered")) == 3, "mail's entity alerts")
        check(all(r[2] == 2 for r in outbox(env, "hang")), "hang: %r" % outbox(env, "hang"))
        check(all(r[2] == 2 and "killed after the timeout" in r[3]
                  for r in outbox(env, "hang")), "hang errors: %r" % outbox(env, "hang"))
        check(all("exited with status 3: no route to relay" in r[3]
                  for r in outbox(env, "flaky")), "flaky errors: %r" % outbox(env, "flaky"))
        for aid in alert_ids(env):
            with open(os.path.join(out, "hang-" + aid)) as f:
                check(json.loads(f.read())["id"] == int(aid), "the record on stdin")
        mails = sorted(f for f in os.listdir(out) if f.startswith("mail-"))
        with open(os.path.join(out, mails[0])) as f:
            text = f.read()
        check(text.startswith("Subject: ") and "(%s)" % mails[0][5:] in text and
              "\n\n" in text, "the template: %r" % text)
        check(not outbox(env, "mail") or len(outbox(env, "mail")) == 3,
              "a country alert queued for an entity-only target")
        check_exactly_once(env, rcv)
        wait_for(lambda: len(chat.accepted()) == 4, "the Slack-style bodies")
        for key, bodies in chat.accepted().items():
            msg = json.loads(bodies[0])
            check(list(msg) == ["text"] and msg["text"].startswith(
                "sanctwatch alert %s (" % key), "slack body %r" % msg)
    finally:
        rcv.close()
        chat.close()


def test_command_missing(env):
    """A command gone after start: each attempt fails with a clear error,
    nothing is lost, and it is delivered once the command is back."""
    out = os.path.join(env.dir, "out")
    os.mkdir(out)
    os.rename(os.path.join(env.site, "designation.html"), os.path.join(env.dir, "held.html"))
    body = 'cat > %s/mail-$SANCTWATCH_ALERT_ID\n' % out
    cmd = script(env, "mail.sh", body)
    config(env, target("mail", command=[cmd]))
    env.start()
    os.unlink(cmd)
    env.publish("designation.html")
    wait_for(lambda: "command %s cannot be run: No such file or directory" % cmd
             in env.read_log(), "the error in the log")
    wait_for(lambda: len(env.query("SELECT 1 FROM outbox WHERE attempts >= 2")) == 4,
             "retries")
    st = target_status(env, "mail")
    check("cannot be run" in st["last_error"] and st["kind"] == "command" and
          st["queued"] == 4, "status %r" % st)
    script(env, "mail.sh", body)
    wait_for(lambda: len(outbox(env, "mail", "delivered")) == 4, "delivered once it is back")
    check(len(os.listdir(out)) == 4, "four outputs: %r" % os.listdir(out))


def test_slow_big_receivers(env):
    """A receiver that answers slowly and one that answers 10 MB: neither
    holds up another target or polling; a slow one times out and is
    retried, a big 200 counts as delivered without being read whole."""
    slow = Receiver(secret=SECRET)
    big = Receiver(secret=SECRET)
    ok = Receiver(secret=SECRET)
    try:
        slow.behave(lambda n, req: (200, b"late\n", 20))
        big.behave(lambda n, req: (200, 10 * 1024 * 1024))
        config(env,
               target("slow", webhook=slow.url(), timeout="1s", allow_private=True),
               target("big", webhook=big.url(), timeout="10s", allow_private=True),
               target("ok", webhook=ok.url(), secret=SECRET.decode(), allow_private=True))
        env.start()
        wait_for(lambda: len(ok.accepted()) == 4, "the fast receiver's four")
        wait_for(lambda: len(outbox(env, "big", "delivered")) == 4, "the big answers")
        polls = env.requests("designation.html")
        wait_for(lambda: env.requests("designation.html") >= polls + 2, "polling goes on")
        wait_for(lambda: any("timeout" in (r[3] or "") for r in outbox(env, "slow")),
                 "the slow receiver timed out")
        check(not outbox(env, "slow", "delivered"), "slow delivered: %r" % outbox(env, "slow"))
        check(len(slow.all()) >= 2, "the slow receiver got attempts")
        check_exactly_once(env, ok)
    finally:
        slow.close()
        big.close()
        ok.close()


def test_private_refused(env):
    """A webhook on a loopback address without allow_private is refused
    with a clear error; the receiver never hears of it."""
    rcv = Receiver()
    try:
        config(env, target("soc", webhook=rcv.url()))
        env.start()
        wait_for(lambda: any("refused" in (r[3] or "") for r in outbox(env, "soc")),
                 "the refusal")
        rows = outbox(env, "soc")
        check(all(r[1] == "queued" for r in rows), "rows kept: %r" % rows)
        check("allow_private" in rows[0][3], "the error says what to do: %r" % rows[0][3])
        check("allow_private" in target_status(env, "soc")["last_error"], "status")
        check(not rcv.all(), "the receiver was reached")
    finally:
        rcv.close()


def test_reload_keeps_rows(env):
    """A reload with a changed deliver section keeps the queued rows of a
    target that stays, which are delivered once its receiver is up."""
    port = free_port()
    hook = target("soc", webhook="http://127.0.0.1:%d/hook" % port,
                  secret=SECRET.decode(), allow_private=True, timeout="2s")
    config(env, hook)
    env.start()
    wait_for(lambda: len(outbox(env, "soc")) == 4, "four queued")
    out = os.path.join(env.dir, "out")
    os.mkdir(out)
    cmd = script(env, "mail.sh", 'cat > %s/mail-$SANCTWATCH_ALERT_ID\n' % out)
    config(env, hook.replace("2s", "3s"), target("mail", command=[cmd]))
    env.daemon.send_signal(signal.SIGHUP)
    wait_for(lambda: target_status(env, "mail") is not None, "the new target")
    check(len(outbox(env, "soc", "queued")) == 4, "rows kept: %r" % outbox(env, "soc"))
    rcv = Receiver(port=port, secret=SECRET)
    try:
        wait_for(lambda: len(outbox(env, "soc", "delivered")) == 4, "delivered")
        check_exactly_once(env, rcv)
        check(not outbox(env, "mail"), "old alerts queued for a new target")
    finally:
        rcv.close()


def test_config_errors(env):
    """Bad deliver sections are refused by -n with located errors."""
    cases = [
        (target("a", webhook="http://h/") + "\n  - webhook: http://h/\n",
         "  - webhook:", 5, "missing required key 'id'"),
        (target("x", webhook="http://h/", command=["/bin/cat"]),
         "  - id: x", 5, "delivery target 'x': give either webhook or command, not both"),
        (target("x", webhook="mailto:soc@example.org"),
         "    webhook:", 14, "URL must start with http:// or https://"),
        (target("x", command=["/nonexistent/sendmail", "-t"]),
         "    command:", 14, "command '/nonexistent/sendmail' is missing or not executable"),
    ]
    for section, at, col, msg in cases:
        path = config(env, section)
        with open(path) as f:
            line = [i + 1 for i, l in enumerate(f) if l.startswith(at)][-1]
        want = "%s:%d:%d: %s" % (path, line, col, msg)
        r = run_cmd([os.path.join(harness.BUILD, "sanctwatchd"), "-n", "-c", path])
        check(r.returncode == 1, "-n accepted %r" % section)
        check(want in r.stderr, "want %r in %r" % (want, r.stderr))
    config(env, target("soc", webhook="https://hooks.example.org/x", secret="hush-hush",
                       min_score=0.9, format="slack"))
    r = run_cmd([os.path.join(harness.BUILD, "sanctwatchd"), "-n", "-v", "-c", env.config])
    check(r.returncode == 0, "a good config refused: %s" % r.stderr)
    check("hush-hush" not in r.stdout + r.stderr, "-n -v printed the secret")
    check("# secret: (set, not shown)" in r.stdout and "format: slack" in r.stdout,
          "-n -v output: %s" % r.stdout)


def test_give_up(env):
    """Entries failing past delivery.give_up are closed as dead and logged;
    status counts them."""
    port = free_port()
    config(env, target("soc", webhook="http://127.0.0.1:%d/hook" % port,
                       allow_private=True), extra="  give_up: 300ms\n")
    env.start()
    wait_for(lambda: len(outbox(env, "soc", "dead")) == 4, "four dead entries")
    rows = outbox(env, "soc")
    check(all(r[2] >= 1 and "connect" in r[3] for r in rows), "dead rows: %r" % rows)
    check("is dead after" in env.read_log(), "the log says so")
    st = target_status(env, "soc")
    check(st["dead"] == 4 and st["queued"] == 0, "status %r" % st)


def test_kill9_in_flight(env):
    """A kill -9 while every attempt is in flight (the receiver holds the
    requests): the next run tries them again once their lease is over,
    and each alert is accepted once."""
    rcv = Receiver(secret=SECRET)
    try:
        rcv.behave(lambda n, req: (200, b"late\n", 60))
        config(env, target("soc", webhook=rcv.url(), secret=SECRET.decode(),
                           allow_private=True, timeout="1s", concurrency=4))
        env.start()
        wait_for(lambda: len(rcv.all()) >= 4, "four attempts in flight")
        env.stop(signal.SIGKILL)
        rows = outbox(env, "soc", "queued")
        check(len(rows) == 4 and all(r[2] >= 1 for r in rows), "claimed: %r" % rows)
        rcv.behave(lambda n, req: (200, b"ok\n"))
        env.start()
        wait_for(lambda: len(outbox(env, "soc", "delivered")) == 4, "delivered after restart")
        check_exactly_once(env, rcv)
        check(all(r[2] >= 2 for r in outbox(env, "soc")), "retried: %r" % outbox(env, "soc"))
    finally:
        rcv.close()


def test_redirect_not_followed(env):
    """A webhook answering with a redirect (here to a private address) is
    not followed: the attempt fails with a clear error and is retried at
    the configured URL only."""
    rcv = Receiver()
    other = Receiver()
    try:
        rcv.behave(lambda n, req: (302, b"", 0, {"Location": other.url("/elsewhere")}))
        config(env, target("soc", webhook=rcv.url(), allow_private=True))
        env.start()
        wait_for(lambda: any("redirects are not followed" in (r[3] or "")
                             for r in outbox(env, "soc")), "the redirect's error")
        wait_for(lambda: len(rcv.all()) >= 5, "retries at the configured URL")
        check(not other.all(), "the redirect was followed")
        check(not outbox(env, "soc", "delivered"), "a redirect counted as delivered")
    finally:
        rcv.close()
        other.close()


def test_suppressed_not_delivered(env):
    """An alert written under a suppression (a false positive with scope
    entity, sanctwatch review) has "state": "suppressed" and is not queued
    for delivery; the party's other alerts before it were delivered."""
    rcv = Receiver(secret=SECRET)
    try:
        config(env, target("soc", webhook=rcv.url(), secret=SECRET.decode(),
                           allow_private=True),
               sources=news(env) + [{"id": "later", "url": env.url("later.txt")}])
        env.start()
        wait_for(lambda: len(rcv.accepted()) == 4, "the first four delivered")
        cargo = env.query("SELECT id FROM alerts WHERE entity_id = 'ofac-44030'")[0][0]
        r = run_cmd([os.path.join(harness.BUILD, "sanctwatch"), "review", "-s", env.sock,
                     str(cargo), "--false-positive", "--scope", "entity"])
        check(r.returncode == 0, "review: %s" % r.stderr)
        harness.write_article(env, "later.txt", "Cargoline, the freight forwarder, "
                              "and RM Design and Development were in the news again.\n")
        wait_for(lambda: len(env.query("SELECT 1 FROM alerts WHERE source_id = 'later'")) == 2,
                 "the later article's two alerts")
        sup = env.query("SELECT id FROM alerts WHERE source_id = 'later' "
                        "AND entity_id = 'ofac-44030'")[0][0]
        rm = env.query("SELECT id FROM alerts WHERE source_id = 'later' "
                       "AND entity_id = 'ofac-44000'")[0][0]
        wait_for(lambda: str(rm) in rcv.accepted(), "the other party's alert delivered")
        check(not env.query("SELECT 1 FROM outbox WHERE alert_id = ?", sup),
              "a suppressed alert was queued")
        check(str(sup) not in rcv.accepted(), "a suppressed alert was delivered")
        state = env.query("SELECT state FROM alert_states WHERE alert_id = ?", sup)
        check(state and state[0][0] == "suppressed", "state %r" % state)
    finally:
        rcv.close()
