"""System tests of polling: conditional GET, Retry-After, backoff and
recovery, 410, redirects, error classes in `sanctwatch sources`, feeds with
items as documents (duplicate GUIDs, edited items), JSON APIs, malformed
feeds, TLS verification, proxies from the config and the environment.  Each test's HTTP server misbehaves on purpose; no test asserts how
long anything took: a source that is polled often serves as the clock."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time

import harness
from harness import FIXTURES, check, wait_for


def config(env, sources, polling="", http=""):
    """A config like the harness's, with per-source keys passed through."""
    lines = ["watchlists: [%s]" % os.path.join(FIXTURES, "watchlist.yaml"),
             "database: alerts.db", "socket: alerts.sock", "log_level: debug",
             "http: {connect_timeout: 2s, timeout: 3s, max_body: 64KiB, %s}" % http,
             "polling: {backoff_max: 400ms, %s}" % polling, "sources:"]
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


def write(env, name, text):
    tmp = os.path.join(env.site, "." + name)
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.rename(tmp, os.path.join(env.site, name))


def source(env, sid):
    rows = env.query("SELECT polls, errors, consecutive_errors, error_class, last_error,"
                     " etag, last_modified, disabled, permanent_url, unchanged, next_poll,"
                     " backoff_errors FROM sources WHERE id = ?", sid)
    if not rows:
        return None
    keys = ("polls", "errors", "consecutive", "class", "error", "etag", "last_modified",
            "disabled", "permanent_url", "unchanged", "next_poll", "backoff")
    return dict(zip(keys, rows[0]))


def polls(env, sid):
    s = source(env, sid) if os.path.exists(env.db) else None
    return s["polls"] if s else 0


def classes(env, want):
    """`sanctwatch sources` by id if its error classes are want, else None."""
    r = subprocess.run([os.path.join(harness.BUILD, "sanctwatch"), "sources", "-s", env.sock],
                       capture_output=True, text=True, timeout=30)
    if r.returncode != 0:
        return None
    srcs = {s["id"]: s for s in json.loads(r.stdout)["sources"]}
    if {k: s.get("error_class") for k, s in srcs.items()} != want:
        return None
    return srcs


def entities(env, sid=None):
    rows = env.db_alerts()
    return sorted(r[2] for r in rows if sid is None or r[3] == sid)


def test_conditional_get(env):
    """ETag and Last-Modified are stored verbatim and sent back: the server
    answers 304, nothing is rescanned; a changed page is fetched in full."""
    write(env, "page.txt", "Nothing yet.\n")
    config(env, [{"id": "page", "url": env.url("page.txt")},
                 {"id": "rot", "url": env.url("fault/rotate")}])
    env.start()
    wait_for(lambda: (source(env, "page") or {}).get("unchanged", 0) >= 3, "three 304s")
    st = source(env, "page")
    check(st["etag"].startswith('"') and st["etag"].endswith('"'), "etag verbatim %r" % st["etag"])
    check(st["last_modified"].endswith("GMT"), "last-modified %r" % st["last_modified"])
    check(st["errors"] == 0, "errors %r" % st)
    docs = env.query("SELECT count(*) FROM documents WHERE source_id = 'page'")[0][0]
    check(docs == 1, "documents %d" % docs)
    # New validators on a 304 replace the stored ones.
    wait_for(lambda: (source(env, "rot") or {}).get("unchanged", 0) >= 2, "304s with new ETags")
    a = source(env, "rot")["etag"]
    wait_for(lambda: source(env, "rot")["etag"] != a, "a newer ETag from a 304")
    write(env, "page.txt", "Cargoline LLC shipped again.\n")
    wait_for(lambda: entities(env, "page") == ["ofac-44030"], "the changed page's alert")


def test_retry_after_both_forms(env):
    """429 with Retry-After seconds and 503 with an HTTP date: the source is
    not polled again before then, while others go on."""
    write(env, "clock.txt", "tick\n")
    config(env, [{"id": "secs", "url": env.url("fault/retry-after/429/3600")},
                 {"id": "date", "url": env.url("fault/retry-after/503/7200/date")},
                 {"id": "secs503", "url": env.url("fault/retry-after/503/3600")},
                 {"id": "date429", "url": env.url("fault/retry-after/429/7200/date")},
                 {"id": "clock", "url": env.url("clock.txt"), "interval": "100ms"}])
    env.start()
    wait_for(lambda: all(polls(env, s) >= 1 for s in ("secs", "date", "secs503", "date429")),
             "first polls")
    n = polls(env, "clock")
    wait_for(lambda: polls(env, "clock") >= n + 8, "eight polls of the clock source")
    check(env.requests("/fault/retry-after/429") == 2, "429 polled again")
    check(env.requests("/fault/retry-after/503") == 2, "503 polled again")
    for sid in ("secs", "date", "secs503", "date429"):
        st = source(env, sid)
        check(st["class"] in ("rate-limited", "http-5xx"), "%s class %r" % (sid, st["class"]))
        check(st["next_poll"] is not None and st["next_poll"] > env.query(
            "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+50 minutes')")[0][0],
            "%s next poll %r" % (sid, st["next_poll"]))


def test_backoff_and_recovery(env):
    """500s back off (the count grows, with a cap) and the first success
    resets the error count; the article then alerts."""
    write(env, "story.txt", open(os.path.join(FIXTURES, "site", "followup.txt")).read())
    config(env, [{"id": "flaky", "url": env.url("fault/flaky/3/story.txt"), "interval": "100ms"}])
    env.start()
    wait_for(lambda: entities(env, "flaky") == ["RU", "ofac-44024"], "alerts after recovery")
    st = source(env, "flaky")
    check(st["errors"] == 3 and st["consecutive"] == 0 and st["error"] is None,
          "state after recovery %r" % st)
    check(st["backoff"] == 0 and st["class"] is None, "backoff reset %r" % st)
    counts = env.query("SELECT class, count FROM source_errors WHERE source_id = 'flaky'")
    check(counts == [("http-5xx", 3)], "error counts %r" % counts)


def test_gone_disables(env):
    """410 Gone stops polling of that source, recorded and logged loudly,
    across restarts, until the source gets another url."""
    write(env, "clock.txt", "tick\n")
    config(env, [{"id": "gone", "url": env.url("fault/status/410")},
                 {"id": "clock", "url": env.url("clock.txt"), "interval": "100ms"}])
    env.start()
    wait_for(lambda: polls(env, "gone") >= 1, "the 410")
    n = polls(env, "clock")
    wait_for(lambda: polls(env, "clock") >= n + 8, "eight polls of the clock source")
    check(env.requests("/fault/status/410") == 1, "410 polled again")
    st = source(env, "gone")
    check(st["disabled"] == 1 and st["class"] == "gone", "state %r" % st)
    check("410 Gone" in env.read_log(), "no loud log line")
    gone = env.query("SELECT id FROM sources_in_error")
    check(("gone",) in gone, "sources_in_error %r" % gone)
    # A restart keeps it disabled while its url is the same ...
    check(env.stop() == 0, "exit status")
    env.start()
    wait_for(lambda: "disabled since a 410 Gone" in env.read_log(), "the restored state logged")
    n = polls(env, "clock")
    wait_for(lambda: polls(env, "clock") >= n + 8, "eight more polls of the clock source")
    check(env.requests("/fault/status/410") == 1, "410 polled again after a restart")
    check(env.stop() == 0, "exit status")
    # ... and another url is polled again.
    config(env, [{"id": "gone", "url": env.url("quiet.txt")},
                 {"id": "clock", "url": env.url("clock.txt"), "interval": "100ms"}])
    env.start()
    wait_for(lambda: source(env, "gone")["disabled"] == 0, "the new url polled")
    check(source(env, "gone")["class"] is None, "state %r" % source(env, "gone"))


def test_redirects(env):
    """Five redirects are followed, a sixth is not, and a loop fails; a
    permanent redirect is followed and recorded; a temporary one is not
    recorded."""
    config(env, [{"id": "loop", "url": env.url("fault/loop")},
                 {"id": "five", "url": env.url("fault/redirect/5")},
                 {"id": "six", "url": env.url("fault/redirect/6")},
                 {"id": "perm", "url": env.url("fault/permanent/301/designation.html")},
                 {"id": "temp", "url": env.url("fault/permanent/302/quiet.txt")}])
    env.start()
    wait_for(lambda: len(entities(env, "perm")) >= 4, "alerts through the permanent redirect")
    wait_for(lambda: all(polls(env, s) >= 1 for s in ("loop", "temp", "five", "six")),
             "the others polled")
    check(source(env, "five")["error"] is None, "five %r" % source(env, "five"))
    check(source(env, "six")["class"] == "error" and
          "redirect" in source(env, "six")["error"].lower(), "six %r" % source(env, "six"))
    check(source(env, "loop")["class"] == "error" and
          "redirect" in source(env, "loop")["error"].lower(), "loop %r" % source(env, "loop"))
    check(source(env, "perm")["permanent_url"] == env.url("designation.html"),
          "permanent %r" % source(env, "perm"))
    check(source(env, "temp")["permanent_url"] is None, "temporary recorded")
    check("moved permanently" in env.read_log(), "permanent redirect not reported")
    rows = env.query("SELECT DISTINCT url FROM alerts WHERE source_id = 'perm'")
    check(rows == [(env.url("designation.html"),)], "alert url %r" % rows)


def test_sources_command_shows_classes(env):
    """`sanctwatch sources` shows each source's error class and counts."""
    config(env, [{"id": "e500", "url": env.url("fault/status/500")},
                 {"id": "bot", "url": env.url("fault/challenge")},
                 {"id": "ok", "url": env.url("quiet.txt")}])
    env.start()
    want = {"e500": "http-5xx", "bot": "bot-challenge", "ok": None}
    srcs = wait_for(lambda: classes(env, want), "error classes in sanctwatch sources")
    check(srcs["e500"]["error_counts"]["http-5xx"]["count"] >= 1, "counts %r" % srcs["e500"])
    check(srcs["ok"]["ok"] is True and srcs["ok"]["error_counts"] == {}, "ok %r" % srcs["ok"])


def test_cut_short_and_oversized(env):
    """A connection reset mid-body or before any response is "reset", a body
    that stalls is a "timeout" that says so, a body over the cap and a gzip
    bomb are "too-large" (the cap counts decoded bytes); `sanctwatch
    sources` shows each class with its count, and the good source alerts."""
    config(env, [{"id": "cut", "url": env.url("fault/reset-body/20000")},
                 {"id": "rst", "url": env.url("fault/reset")},
                 {"id": "stall", "url": env.url("fault/stall/20000")},
                 {"id": "big", "url": env.url("fault/big/1000000")},
                 {"id": "bomb", "url": env.url("fault/gzip-bomb/50000000")},
                 {"id": "news", "url": env.url("designation.html")}],
           http="max_per_host: 8")
    env.start()
    want = {"cut": "reset", "rst": "reset", "stall": "timeout", "big": "too-large",
            "bomb": "too-large", "news": None}
    srcs = wait_for(lambda: classes(env, want), "error classes in sanctwatch sources")
    for sid, cls in want.items():
        if cls is not None:
            check(srcs[sid]["error_counts"][cls]["count"] >= 1, "%s counts %r" % (sid, srcs[sid]))
    err = {sid: source(env, sid)["error"] for sid in want}
    check("after 10000 bytes of the body" in err["cut"], "cut: %r" % err["cut"])
    check("before a response" in err["rst"], "rst: %r" % err["rst"])
    check("stalled after 10000 bytes" in err["stall"], "stall: %r" % err["stall"])
    check("max_body" in err["big"] and "max_body" in err["bomb"], "caps: %r" % err)
    check(len(entities(env, "news")) == 4, "alerts %r" % env.db_alerts())
    check(env.daemon.poll() is None, "daemon died")


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Wire</title><link>http://news.invalid/</link><ttl>1</ttl>
<item><title>Freight &amp; chips</title><link>http://news.invalid/a</link>
 <guid>dup</guid><description><![CDATA[<p>Cargoline LLC moved the goods.</p>]]></description></item>
<item><title>Second story</title><link>http://news.invalid/b</link>
 <guid>dup</guid><description>Nothing about anyone.</description></item>
<item><title>Third</title><guid>  </guid>
 <content:encoded><![CDATA[<p>%s</p><script>Russia</script>]]></content:encoded></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom wire</title>
<entry><id>urn:x:1</id><title type="text">RM Design and Development named</title>
<link rel="alternate" href="http://news.invalid/atom/1"/>
<content type="html">&lt;p&gt;A Bishkek firm.&lt;/p&gt;</content></entry>
</feed>
"""

JSONFEED = {"version": "https://jsonfeed.org/version/1.1", "title": "JSON wire",
            "items": [{"id": "j1", "url": "http://news.invalid/j1",
                       "content_html": "<p>Progress Leader LLC again.</p>"}]}

API = {"data": {"articles": [{"key": 7, "headline": "Cargoline LLC", "body": {"text": "fined"},
                              "href": "http://news.invalid/api/7"}]}}


def test_feeds_items_as_documents(env):
    """RSS, Atom, JSON Feed and a JSON API: each item is a document with its
    own URL; duplicate GUIDs do not merge items; an unchanged item is not
    rescanned; an edited item is, and alerts for what it newly names."""
    write(env, "wire.rss", RSS % "Quiet text.")
    write(env, "wire.atom", ATOM)
    write(env, "wire.json", json.dumps(JSONFEED))
    write(env, "api.json", json.dumps(API))
    config(env, [{"id": "rss", "url": env.url("wire.rss")},
                 {"id": "atom", "url": env.url("wire.atom"), "format": "atom"},
                 {"id": "jf", "url": env.url("wire.json")},
                 {"id": "api", "url": env.url("api.json"), "format": "json",
                  "json": "{items: data.articles, id: key, title: headline, text: body.text,"
                          " link: href}"}],
           polling="max_delay: 1s")  # the feed's <ttl>1</ttl> would wait a minute
    env.start()
    wait_for(lambda: entities(env, "rss") == ["ofac-44030"] and
             entities(env, "atom") == ["ofac-44000"] and
             entities(env, "jf") == ["ofac-44024"] and
             entities(env, "api") == ["ofac-44030"], "one alert per feed")
    urls = env.query("SELECT url FROM alerts ORDER BY source_id")
    check(sorted(u[0] for u in urls) == sorted([
        "http://news.invalid/a", "http://news.invalid/atom/1",
        "http://news.invalid/j1", "http://news.invalid/api/7"]), "item urls %r" % urls)
    items = env.query("SELECT item_id FROM feed_items WHERE source_id = 'rss' ORDER BY item_id")
    check(len(items) == 3 and len(set(items)) == 3, "rss items %r" % items)
    title = env.query("SELECT title FROM alerts WHERE source_id = 'rss'")[0][0]
    check(title == "Freight & chips", "item title %r" % title)
    n = env.query("SELECT count(*) FROM documents WHERE source_id = 'rss'")[0][0]
    # The third item (blank GUID, no link) is edited to name a party.
    write(env, "wire.rss", RSS % "Progress Leader LLC, in Russia.")
    wait_for(lambda: entities(env, "rss") == ["RU", "ofac-44024", "ofac-44030"],
             "alerts for the edited item")
    m = env.query("SELECT count(*) FROM documents WHERE source_id = 'rss'")[0][0]
    check(m == n + 1, "documents %d -> %d: only the edited item rescanned" % (n, m))
    check(len(env.query("SELECT * FROM alerts")) == 6, "alerts %r" % env.db_alerts())


def test_malformed_feed(env):
    """A source configured as RSS that serves garbage records a parse error
    (every poll); a truncated but recoverable feed still yields its items."""
    write(env, "bad.rss", "\x00\x01 this is not XML at all {")
    write(env, "cut.rss", (RSS % "Cargoline")[:-60])
    config(env, [{"id": "bad", "url": env.url("bad.rss"), "format": "rss"},
                 {"id": "cut", "url": env.url("cut.rss"), "format": "rss"}])
    env.start()
    wait_for(lambda: (source(env, "bad") or {}).get("errors", 0) >= 2, "two parse errors")
    check(source(env, "bad")["class"] == "parse", "class %r" % source(env, "bad"))
    wait_for(lambda: "ofac-44030" in entities(env, "cut"), "items of the truncated feed")


def test_charsets(env):
    """A page in windows-1252 (labelled), in KOI8-R (declared in the document
    and the header), in UTF-8, unlabelled latin-1 bytes (not valid UTF-8),
    windows-1251 declared in the document under a wrong UTF-8 header, and
    invalid UTF-8 labelled UTF-8 (bad bytes become U+FFFD): the stored
    titles are right, and the party in each is found."""
    page = ("<html><head><title>%s</title></head><body><p>Cargoline LLC %s</p>"
            "</body></html>\n")
    write(env, "cp.html", page % ("Café Cargoline", "café"))
    write(env, "koi.html", ("<meta charset=\"koi8-r\">" + page) % ("Жапаров", "Жапаров"))
    write(env, "mis.html", page % ("Naïve Cargoline", "naïve"))
    with open(os.path.join(env.site, "raw.html"), "wb") as f:
        f.write((page % ("Déjà Cargoline", "x")).encode("latin-1"))
    # Served as a static .html: the header says UTF-8, wrongly.
    with open(os.path.join(env.site, "wrong.html"), "wb") as f:
        f.write(("<meta charset=windows-1251>" + page % ("Садыр Cargoline", "x"))
                .encode("cp1251"))
    with open(os.path.join(env.site, "bad.html"), "wb") as f:
        f.write((page % ("Bad \xff Cargoline", "x")).encode("utf-8")
                .replace(b"\xc3\xbf", b"\xff"))
    config(env, [{"id": "cp", "url": env.url("fault/charset/windows-1252/cp.html")},
                 {"id": "bad", "url": env.url("bad.html")},
                 {"id": "koi", "url": env.url("fault/charset/koi8-r/koi.html")},
                 {"id": "mis", "url": env.url("fault/charset/utf-8/mis.html"),
                  "headers": "{Accept: text/html}"},
                 {"id": "raw", "url": env.url("fault/charset/none/raw.html")},
                 {"id": "wrong", "url": env.url("wrong.html")}])
    env.start()
    want = {"cp": "Café Cargoline", "koi": "Жапаров", "mis": "Naïve Cargoline",
            "raw": "Déjà Cargoline", "wrong": "Садыр Cargoline",
            "bad": "Bad \ufffd Cargoline"}

    def titles():
        return dict(env.query("SELECT source_id, title FROM documents"))
    got = wait_for(lambda: len(titles()) == 6 and titles(), "six documents")
    check(got == want, "titles %r" % got)
    check(all(entities(env, s) == ["ofac-44030"] for s in ("cp", "mis", "raw", "bad")),
          "alerts %r" % env.db_alerts())


LINKS = """<rss><channel><title>Links</title>
<item><title>Read more</title><link>%s</link><guid>l1</guid>
<description>A teaser naming nobody.</description></item>
<item><title>Elsewhere</title><link>file:///etc/passwd</link><guid>l2</guid></item>
</channel></rss>
"""


def test_fetch_links(env):
    """fetch_links scans each new item's article; a link to a private
    address (127.0.0.1 here) is refused unless the source allows it, and
    only http(s) links are fetched."""
    write(env, "open.rss", LINKS % env.url("designation.html"))
    write(env, "shut.rss", LINKS % env.url("followup.txt"))
    write(env, "followup.txt", open(os.path.join(FIXTURES, "site", "followup.txt")).read())
    config(env, [{"id": "open", "url": env.url("open.rss"), "fetch_links": "true",
                  "allow_private": "true"},
                 {"id": "shut", "url": env.url("shut.rss"), "fetch_links": "true"}])
    env.start()
    wait_for(lambda: len(entities(env, "open")) == 4, "alerts from the linked article")
    wait_for(lambda: "item link http" in env.read_log(), "the private link refused")
    check("refused" in env.read_log(), "no refusal logged")
    check("set allow_private on the source" in env.read_log(), "no hint at allow_private")
    check(entities(env, "shut") == [], "shut alerts %r" % entities(env, "shut"))
    check(env.requests("designation.html") == 1, "article fetched %d times" %
          env.requests("designation.html"))
    check(env.requests("followup.txt") == 0, "private link fetched")
    check("not http/https" in env.read_log(), "file: link not refused")


def test_boilerplate_only(env):
    """A page that names a listed party only in its menu, footer, sidebar,
    a form and a script raises no alert; its article text is still read."""
    write(env, "menu.html", "<html><head><title>Local news</title>"
          "<script>var tags = ['Cargoline'];</script></head><body>"
          "<nav><ul><li><a href='/t/cargoline'>Cargoline</a></li></ul></nav>"
          "<aside>Trending: Progress Leader</aside><form><button>RM Design and "
          "Development</button></form><article><h1>Weather</h1><p>Rain in Bishkek "
          "all week.</p></article><footer>Cargoline sponsors this site</footer>"
          "</body></html>\n")
    config(env, [{"id": "menu", "url": env.url("menu.html")}])
    env.start()
    wait_for(lambda: env.query("SELECT count(*) FROM documents") [0][0] >= 1
             if os.path.exists(env.db) else False, "the page scanned")
    check(env.db_alerts() == [], "alerts from boilerplate %r" % env.db_alerts())
    title = env.query("SELECT title FROM documents")[0][0]
    check(title == "Local news", "title %r" % title)


def test_fetch_links_once(env):
    """--once waits for the linked articles and scans them: every one of a
    feed's 25 new items has its link fetched (no cap per poll), through the
    per-host limits (one at a time here), before the daemon exits."""
    items = "".join("<item><title>Story %d</title><link>%s</link><guid>g%d</guid>"
                    "<description>A teaser.</description></item>" %
                    (i, env.url("designation.html?i=%d" % i), i) for i in range(25))
    write(env, "many.rss", "<rss><channel><title>Many</title>%s</channel></rss>" % items)
    config(env, [{"id": "many", "url": env.url("many.rss"), "fetch_links": "true",
                  "allow_private": "true"}],
           polling="host_spacing: 10ms", http="max_per_host: 1")
    env.start("--once")
    rc = env.daemon.wait(timeout=harness.DEADLINE)
    env.logf.close()
    check(rc == 0, "exit status %d\n%s" % (rc, env.read_log()))
    check(env.requests("designation.html") == 25, "article fetches %d" %
          env.requests("designation.html"))
    check(sorted(set(entities(env, "many"))) == ["RU", "ofac-44000", "ofac-44024",
                                                 "ofac-44030"], "alerts %r" % env.db_alerts())
    linked = env.query("SELECT count(*) FROM documents WHERE url LIKE '%designation.html?i=%'")
    check(linked[0][0] >= 1, "linked documents %r" % linked)
    check("all sources polled once" in env.read_log(), "no clean --once end")


def test_state_survives_restart(env):
    """Validators, the error count and the next poll a server asked for
    outlive a restart: the first poll after it is conditional (304), a
    failing source goes on backing off from its count, and a source told
    to come back in an hour is not polled at start."""
    write(env, "clock.txt", "tick\n")
    config(env, [{"id": "rot", "url": env.url("fault/rotate")},
                 {"id": "later", "url": env.url("fault/retry-after/429/3600")},
                 {"id": "e500", "url": env.url("fault/status/500")},
                 {"id": "clock", "url": env.url("clock.txt"), "interval": "100ms"}])
    env.start()
    wait_for(lambda: polls(env, "rot") >= 2 and polls(env, "later") >= 1 and
             (source(env, "e500") or {}).get("backoff", 0) >= 3, "first run's polls")
    check(env.stop() == 0, "exit status")
    before = {s: source(env, s) for s in ("rot", "e500")}
    env.start()
    n = polls(env, "clock")
    wait_for(lambda: polls(env, "clock") >= n + 8 and
             polls(env, "rot") >= before["rot"]["polls"] + 2 and
             polls(env, "e500") >= before["e500"]["polls"] + 1, "second run's polls")
    rot, e500 = source(env, "rot"), source(env, "e500")
    check(rot["unchanged"] - before["rot"]["unchanged"] == rot["polls"] - before["rot"]["polls"],
          "unconditional polls after the restart %r -> %r" % (before["rot"], rot))
    check(e500["backoff"] > before["e500"]["backoff"], "backoff %r -> %r" % (before["e500"], e500))
    check(env.requests("/fault/retry-after/429") == 1, "polled at start despite Retry-After")
    check(source(env, "later")["next_poll"] is not None, "next poll %r" % source(env, "later"))


def test_proxy(env):
    """A source's proxy carries its requests: a host that does not resolve
    is fetched through the proxy (the test server answers proxy requests)."""
    config(env, [{"id": "via", "url": "http://sanctwatch.invalid/designation.html",
                  "proxy": env.url("").rstrip("/")}])
    env.start()
    wait_for(lambda: len(entities(env, "via")) == 4, "alerts through the proxy")
    check(env.requests("http://sanctwatch.invalid/designation.html") >= 1, "no proxy request")


def test_proxy_from_environment(env):
    """With http_proxy in the daemon's environment and no proxy in its
    config, a host that does not resolve is fetched through that proxy;
    no_proxy hosts go direct; a source's own proxy wins over the
    environment, and proxy "" connects directly despite it."""
    write(env, "local.txt", "Nothing here.\n")
    dead = socket.socket()  # bound, never listening: connections are refused
    dead.bind(("127.0.0.1", 0))
    try:
        host = "http://sanctwatch-proxy-test.invalid/"
        config(env, [{"id": "env", "url": host + "designation.html"},
                     {"id": "local", "url": env.url("local.txt")},
                     {"id": "cfg", "url": host + "designation.html?cfg",
                      "proxy": "http://127.0.0.1:%d" % dead.getsockname()[1]},
                     {"id": "direct", "url": host + "designation.html?direct",
                      "proxy": '""'}])
        env.start(env={"http_proxy": env.url("").rstrip("/"), "no_proxy": "127.0.0.1"})
        want = {"env": None, "local": None, "cfg": "connect", "direct": "dns"}
        wait_for(lambda: len(entities(env, "env")) == 4 and polls(env, "local") >= 1 and
                 classes(env, want), "alerts through the proxy and the error classes")
    finally:
        dead.close()
    check(env.requests(host + "designation.html") >= 1, "no proxy request")
    check(env.requests(host + "designation.html?") == 0, "cfg or direct went through it")
    with open(env.reqlog) as f:
        local = [l.strip() for l in f if "local.txt" in l]
    check(local and all(l == "/local.txt" for l in local), "no_proxy ignored: %r" % local)
    check(entities(env, "cfg") == [] and entities(env, "direct") == [],
          "alerts %r" % env.db_alerts())


def tls_server(env):
    """A second test server, on HTTPS with a throwaway self-signed
    certificate for 127.0.0.1: (process, port, certificate file)."""
    openssl = shutil.which("openssl")
    check(openssl is not None, "no openssl command: run scripts/install-deps")
    cert, key = os.path.join(env.dir, "cert.pem"), os.path.join(env.dir, "key.pem")
    r = subprocess.run([openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert,
                        "-days", "2", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1"],
                       capture_output=True, text=True, timeout=30)
    check(r.returncode == 0, "openssl req: %s" % r.stderr)
    portfile = os.path.join(env.dir, "tls-port")
    proc = subprocess.Popen([sys.executable, harness.HTTPD, "--root", env.site,
                             "--port-file", portfile, "--tls-cert", cert, "--tls-key", key],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: os.path.exists(portfile) or proc.poll() is not None,
                 "the HTTPS server")
        check(proc.poll() is None, "the HTTPS server exited")
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    with open(portfile) as f:
        return proc, int(f.read()), cert


def test_tls_verification(env):
    """TLS verification is on by default: a self-signed certificate fails
    with class "tls", every poll, in the database and in `sanctwatch
    sources`, even after a source with tls_verify: false fetched the same
    URL from the same server (no connection or session reused across the
    setting) and alerted."""
    proc, port, _ = tls_server(env)
    try:
        url = "https://127.0.0.1:%d/designation.html" % port
        config(env, [{"id": "strict", "url": url},
                     {"id": "lax", "url": url, "tls_verify": "false"}])
        env.start()
        srcs = wait_for(lambda: len(entities(env, "lax")) == 4 and
                        classes(env, {"strict": "tls", "lax": None}),
                        "lax alerts and strict failing on TLS")
        check(srcs["strict"]["error_counts"]["tls"]["count"] >= 1, "counts %r" % srcs["strict"])
        n = polls(env, "strict")
        wait_for(lambda: polls(env, "strict") >= n + 3, "strict polled again")
        s = source(env, "strict")
        check(s["class"] == "tls" and s["errors"] == s["polls"] and
              s["consecutive"] == s["polls"], "strict %r" % s)
        check("certificate" in s["error"], "error %r" % s["error"])
        check(entities(env, "strict") == [], "strict alerted: %r" % env.db_alerts())
        check(source(env, "lax")["errors"] == 0, "lax %r" % source(env, "lax"))
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_seen_state_pruned(env):
    """Seen-state is kept for items still in the feed and forgotten for
    items gone from it once polling.item_retention has passed."""
    item = "<item><title>%s</title><guid>%s</guid><description>Quiet.</description></item>"
    write(env, "prune.rss", "<rss><channel>%s%s</channel></rss>" % (item % ("A", "a"),
                                                                   item % ("B", "b")))
    config(env, [{"id": "feed", "url": env.url("prune.rss")}], polling="item_retention: 1s")
    env.start()

    def items():
        if not os.path.exists(env.db):
            return []
        return sorted(r[0] for r in env.query(
            "SELECT item_id FROM feed_items WHERE source_id = 'feed'"))
    wait_for(lambda: items() == ["a", "b"], "both items seen")
    write(env, "prune.rss", "<rss><channel>%s%s</channel></rss>" % (item % ("B", "b"),
                                                                   item % ("C", "c")))
    wait_for(lambda: "c" in items(), "the new item seen")
    check("b" in items(), "an item still in the feed was forgotten: %r" % items())
    # Items are pruned when the feed is read: keep changing it a little.
    n = [0]

    def pruned():
        n[0] += 1
        write(env, "prune.rss", "<rss><channel>%s%s<!-- %d --></channel></rss>" % (
            item % ("B", "b"), item % ("C", "c"), n[0]))
        return items() == ["b", "c"]
    wait_for(pruned, "the gone item forgotten", step=0.2)


def test_fetch_links_queue_full(env):
    """With polling.max_links reached, an item whose link cannot wait is
    left new and its link is fetched at a later poll: every article of
    the feed is fetched once in the end, none is lost, and the log says
    links waited."""
    items = "".join("<item><title>Story %d</title><link>%s</link><guid>q%d</guid>"
                    "<description>A teaser.</description></item>" %
                    (i, env.url("designation.html?q=%d" % i), i) for i in range(12))
    write(env, "queue.rss", "<rss><channel><title>Queue</title>%s</channel></rss>" % items)
    config(env, [{"id": "queue", "url": env.url("queue.rss"), "fetch_links": "true",
                  "allow_private": "true"}],
           polling="host_spacing: 100ms, max_links: 3", http="max_per_host: 1")
    env.start()

    def fetched(i):
        try:
            with open(env.reqlog) as f:
                return sum(1 for l in f if l.rstrip("\n").endswith("/designation.html?q=%d" % i))
        except FileNotFoundError:
            return 0
    wait_for(lambda: all(fetched(i) >= 1 for i in range(12)), "every item's article fetched")
    check("not fetched yet" in env.read_log(), "the queue was never full:\n%s" %
          env.read_log()[-2000:])
    time.sleep(1)  # a few more polls: nothing is fetched twice
    counts = [fetched(i) for i in range(12)]
    check(counts == [1] * 12, "fetches per article %r" % counts)
