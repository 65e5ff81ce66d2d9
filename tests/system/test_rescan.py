"""System tests of the retro-scan: when the watchlist changes (SIGHUP, the
socket's reload, or a start with another list than the database last saw),
the kept texts of recent articles are scanned again with the new list, and
only parties an article newly names alert, on the socket and in the
database.  retention.texts: 0s keeps no texts and never rescans."""

import json
import os
import re
import signal
import time

import harness
from harness import check, run_cmd, wait_for, write_article, write_watchlist

# A made-up company, not on the fixture list until a test adds it.
KORVEL = ("  - id: test-korvel\n    name: KORVEL MARINE LOGISTICS LLC\n"
          "    type: organization\n    aliases: [Korvel Marine Logistics]\n"
          "    programs: [TEST-PROGRAM]\n")

# Original prose naming Korvel and one party already on the list.
ARTICLE = ("Tashkent, Monday. Korvel Marine Logistics chartered two tankers "
           "last month, and Progress Leader LLC arranged the cargo insurance, "
           "a filing seen by this paper shows. Story {n}.\n")


def rows(env, entity):
    return env.query("SELECT id, url, watchlist_sha256 FROM alerts WHERE entity_id = ? "
                     "ORDER BY id", entity)


def rescan_lines(env):
    return re.findall(r"rescan: (\d+) documents?, (\d+) new alerts? in [0-9.]+ s",
                      env.read_log())


def client(env, *args):
    return run_cmd([os.path.join(harness.BUILD, "sanctwatch")] + list(args) + ["-s", env.sock])


def setup(env, extra=""):
    wl = os.path.join(env.dir, "watchlist.yaml")
    write_watchlist(wl)
    env.write_config([{"id": "news", "url": env.url("article.txt")}], extra=extra,
                     watchlists=[wl])
    write_article(env, "article.txt", ARTICLE.format(n=1))
    return wl


def fetched_once(env):
    """The article was scanned and its party alerted: ofac-44024 only."""
    wait_for(lambda: len(rows(env, "ofac-44024")) == 1, "the first alert")
    check(rows(env, "test-korvel") == [], "an alert for a party not on the list")


def rescan_by(env, reload):
    wl = setup(env)
    env.start()
    sub = env.subscribe(since=0)  # the first poll may alert before it connects
    fetched_once(env)
    check(env.query("SELECT count(*) FROM document_texts")[0][0] == 1, "the text is not kept")
    polls = env.requests("article.txt")
    wait_for(lambda: env.requests("article.txt") >= polls + 2, "polls of the unchanged article")
    check(rows(env, "test-korvel") == [], "an unchanged article was scanned again")
    write_watchlist(wl, KORVEL)
    reload()
    alert = wait_for(lambda: next((a for a in sub.alerts()
                                   if a["entity"]["id"] == "test-korvel"), None),
                     "the rescan's alert on the socket")
    check(alert["document"]["source"] == "news" and
          alert["document"]["url"].endswith("/article.txt"), "alert %r" % alert)
    check(alert["match"]["text"] == "Korvel Marine Logistics", "evidence %r" % alert["match"])
    wait_for(lambda: rescan_lines(env), "the rescan's log line")
    check(rescan_lines(env) == [("1", "1")], "log: %r" % rescan_lines(env))
    korvel, progress = rows(env, "test-korvel"), rows(env, "ofac-44024")
    check(len(korvel) == 1 and korvel[0][0] == alert["id"], "korvel in the database: %r" % korvel)
    check(len(progress) == 1, "Progress Leader alerted again: %r" % progress)
    check(korvel[0][2] != progress[0][2], "the rescan's alert names the old watchlist")
    time.sleep(0.5)  # any stray alert would have arrived by now
    got = [a["id"] for a in sub.alerts()]
    check(got == [r[0] for r in env.db_alerts()], "socket %r vs database" % got)
    return sub


def test_rescan_after_sighup(env):
    """An article fetched while Korvel is not listed: no alert; SIGHUP with
    Korvel on the list: one alert for it on that article, on the socket and
    in the database; Progress Leader is not alerted twice."""
    rescan_by(env, lambda: env.daemon.send_signal(signal.SIGHUP))
    check(env.stop() == 0, "exit status")


def test_rescan_after_socket_reload(env):
    """The same through the socket's reload; the status reply has no rescan
    once it is over; a reload that leaves the list alone rescans nothing."""
    def reload():
        r = client(env, "reload")
        check(r.returncode == 0, "reload: %r %r" % (r.stdout, r.stderr))
    rescan_by(env, reload)
    st = json.loads(client(env, "status").stdout)
    check("rescan" in st and st["rescan"] is None, "status %r" % st)
    reload()
    wait_for(lambda: env.read_log().count("reloaded:") == 2, "the second reload")
    time.sleep(0.5)
    check(len(rescan_lines(env)) == 1, "a rescan for an unchanged list: %r" % rescan_lines(env))
    check(len(env.db_alerts()) == 2, "alerts %r" % env.db_alerts())


def test_rescan_at_start(env):
    """A restart with an unchanged list rescans nothing; one with a changed
    list scans the kept texts, newest first, and alerts once per article;
    the next restart with that list rescans nothing."""
    wl = os.path.join(env.dir, "watchlist.yaml")
    write_watchlist(wl)
    names = ["a%d.txt" % i for i in range(3)]
    env.write_config([{"id": "s%d" % i, "url": env.url(n)} for i, n in enumerate(names)],
                     watchlists=[wl])
    for n in names:
        write_article(env, n, "Nothing to report about %s yet.\n" % n)
    env.start()
    wait_for(lambda: env.query("SELECT count(*) FROM documents")[0][0] == 3,
             "the placeholders")
    # Published one after the other, so their documents are in this order.
    for i, n in enumerate(names):
        write_article(env, n, ARTICLE.format(n=i))
        wait_for(lambda: len(rows(env, "ofac-44024")) == i + 1, "the alert of " + n)
    check(env.stop() == 0, "exit status")
    check(env.query("SELECT count(*) FROM document_texts")[0][0] == 6, "kept texts")

    env.start()  # the same list
    polls = env.requests("a2.txt")
    wait_for(lambda: env.requests("a2.txt") >= polls + 2, "polls after the restart")
    check(env.stop() == 0, "exit status")
    check(rescan_lines(env) == [], "a rescan with the same list: %r" % rescan_lines(env))
    check("rescan: 6 kept documents" not in env.read_log(), "a rescan started")

    write_watchlist(wl, KORVEL)
    env.start()
    wait_for(lambda: rescan_lines(env), "the rescan at start")
    check(rescan_lines(env) == [("6", "3")], "log: %r" % rescan_lines(env))
    korvel = rows(env, "test-korvel")
    check([r[1].rsplit("/", 1)[1] for r in korvel] == list(reversed(names)),
          "not newest first: %r" % korvel)
    check(len(rows(env, "ofac-44024")) == 3, "Progress Leader again")
    check(env.stop() == 0, "exit status")

    env.start()  # the changed list again: it was recorded
    polls = env.requests("a2.txt")
    wait_for(lambda: env.requests("a2.txt") >= polls + 2, "polls after the restart")
    check(env.stop() == 0, "exit status")
    check(len(rescan_lines(env)) == 1, "rescanned again: %r" % rescan_lines(env))
    check(len(env.db_alerts()) == 6, "alerts %r" % env.db_alerts())


def test_rescan_stopped_then_resumed(env):
    """SIGTERM during a rescan stops it cleanly; the next start scans the
    kept texts again and the alerts end up exactly once each."""
    wl = os.path.join(env.dir, "watchlist.yaml")
    write_watchlist(wl)
    n = 600
    env.write_config([{"id": "news", "url": env.url("feed.xml"), "format": "rss",
                       "interval": "1h"}], watchlists=[wl], max_body="4MiB")
    items = "".join("<item><guid>g%d</guid><title>Story %d</title>"
                    "<description>%s</description></item>" % (i, i, ARTICLE.format(n=i))
                    for i in range(n))
    write_article(env, "feed.xml", "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"
                  "<title>Wire</title>%s</channel></rss>" % items)
    env.start()
    wait_for(lambda: env.query("SELECT count(*) FROM document_texts")[0][0] == n,
             "every item kept")
    write_watchlist(wl, KORVEL)
    env.daemon.send_signal(signal.SIGHUP)
    wait_for(lambda: "rescan: %d kept documents" % n in env.read_log(), "the rescan to start")
    check(env.stop() == 0, "exit status")
    done = len(rows(env, "test-korvel"))
    if rescan_lines(env):
        check(done == n, "a finished rescan with %d alerts" % done)
    else:
        check("rescan: stopped after" in env.read_log(), "no stop line")
    env.start()
    if done < n:
        wait_for(lambda: rescan_lines(env), "the rescan after the restart")
    wait_for(lambda: len(rows(env, "test-korvel")) == n, "every item's alert")
    urls = [r[0] for r in env.query("SELECT url FROM alerts WHERE entity_id = 'test-korvel'")]
    check(len(urls) == len(set(urls)) == n, "duplicates: %d alerts, %d urls" %
          (len(urls), len(set(urls))))
    print("# rescan stopped after %d of %d documents, finished after the restart" % (done, n))


def test_rescan_texts_off(env):
    """retention.texts: 0s keeps no texts, and a list change rescans
    nothing."""
    wl = setup(env, extra="retention:\n  texts: 0s")
    env.start()
    fetched_once(env)
    check(env.query("SELECT count(*) FROM document_texts")[0][0] == 0, "a text was kept")
    write_watchlist(wl, KORVEL)
    env.daemon.send_signal(signal.SIGHUP)
    wait_for(lambda: "reloaded: 4 entities" in env.read_log(), "the reload")
    polls = env.requests("article.txt")
    wait_for(lambda: env.requests("article.txt") >= polls + 2, "polls after the reload")
    check(rows(env, "test-korvel") == [], "an alert without kept texts")
    check("rescan:" not in env.read_log(), "a rescan without kept texts")
    check(env.stop() == 0, "exit status")
    env.start()  # the list the database saw last: no rescan either
    polls = env.requests("article.txt")
    wait_for(lambda: env.requests("article.txt") >= polls + 1, "a poll after the restart")
    check("rescan:" not in env.read_log(), "a rescan at start")
