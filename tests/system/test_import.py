"""System tests of `sanctwatch import` and `sanctwatch list-diff`: the real
binaries on the list excerpts of tests/fixtures/lists, the imported
watchlist used by `sanctwatch scan` and by the daemon, and, when the real
lists are beside the project (../shared/data/lists, or $SANCTWATCH_LISTS),
the full files with the counts the lists publish.  Without them those tests
print "# skip" and pass: the project never needs ../shared."""

import json
import os
import subprocess

import harness
from harness import ROOT, check, run_cmd, wait_for

LISTS = os.environ.get("SANCTWATCH_LISTS",
                       os.path.join(os.path.dirname(ROOT), "shared", "data", "lists"))
FIX = os.path.join(ROOT, "tests", "fixtures", "lists")
ARTICLE = os.path.join(ROOT, "config", "demo", "articles", "treasury-kyrgyz-2023.html")
KYRGYZ = {"ofac-44000": "RM Design and Development", "ofac-44024": "Progress Leader",
          "ofac-44028": "GTME Technologii", "ofac-44030": "Cargoline"}
CSL = os.path.join(FIX, "us_csl", "csl.csv")
DPL = os.path.join(FIX, "us_csl", "dpl.txt")


def sanctwatch(*args, **kw):
    return run_cmd([os.path.join(harness.BUILD, "sanctwatch")] + list(args), **kw)


def do_import(env, name, fmt, *files):
    """Import files into env.dir/name; returns (path, stderr)."""
    r = sanctwatch("import", fmt, *files)
    check(r.returncode == 0, "import %s exit %d: %s" % (fmt, r.returncode, r.stderr))
    path = os.path.join(env.dir, name)
    with open(path, "w") as f:
        f.write(r.stdout)
    return path, r.stderr


def scan(*args):
    r = sanctwatch("scan", *args)
    check(r.returncode == 0, "scan exit %d: %s" % (r.returncode, r.stderr))
    return [json.loads(l) for l in r.stdout.splitlines()]


def check_kyrgyz(alerts):
    """The four Kyrgyz companies, each found as the article writes it."""
    got = {a["entity"]["id"]: a["match"]["text"] for a in alerts}
    for eid, text in KYRGYZ.items():
        check(got.get(eid) == text, "%s: %r in %r" % (eid, got.get(eid), got))


def skip(what):
    """Whether the real lists are absent (then say so and pass)."""
    if os.path.isdir(LISTS):
        return False
    print("# skip %s: %s not present" % (what, LISTS))
    return True


def test_import_ofac_scan(env):
    """The OFAC excerpt imported with its aliases: scan finds the four
    Kyrgyz companies in the sample article, the daemon loads the file and
    alerts on them, and unusable rows are reported with their line."""
    ofac = os.path.join(FIX, "ofac")
    wl, err = do_import(env, "ofac.yaml", "ofac-csv", os.path.join(ofac, "sdn.csv"),
                        os.path.join(ofac, "alt.csv"), os.path.join(ofac, "add.csv"))
    check("34 entities written, 2 rows skipped" in err, "summary: %s" % err)
    check("alt.csv:67: skipped: no primary entry ofac-18292" in err, "line: %s" % err)
    check_kyrgyz(scan("-w", wl, ARTICLE))
    env.write_config([{"id": "news", "url": env.url("designation.html")}],
                     watchlists=[wl])
    env.start()
    sub = env.subscribe(since=0)
    alerts = wait_for(lambda: len(sub.alerts()) >= 4 and sub.alerts(), "alerts")
    ids = sorted(a["entity"]["id"] for a in alerts)
    check(ids == sorted(KYRGYZ), "daemon alerts %r" % ids)


def test_import_numbers_scan(env):
    """IMO and tax numbers from OFAC's remarks: a ship renamed is found by
    its number, a listed name with its own number is sure, a namesake with
    another ship's number raises nothing, and a firm's tax number after its
    label (in Russian too, the line wrapped between them) names the firm."""
    ofac = os.path.join(FIX, "ofac")
    wl, _ = do_import(env, "ofac.yaml", "ofac-csv", os.path.join(ofac, "sdn.csv"),
                      os.path.join(ofac, "alt.csv"), os.path.join(ofac, "add.csv"))
    with open(wl) as f:
        text = f.read()
    check('"imo": ["9187655"]' in text and '"imo": ["7406784"]' in text,
          "imported IMO numbers")
    renamed = os.path.join(env.dir, "renamed.txt")
    with open(renamed, "w") as f:
        f.write("Tracking data show a tanker now called Crystal Sea (IMO 9187655)\n"
                "loading off Kharg Island. The cargo ship Ebano (IMO 7406784)\n"
                "was seen off Mariel the same week.\n")
    namesake = os.path.join(env.dir, "namesake.txt")
    with open(namesake, "w") as f:
        f.write("The ferry Ark III (IMO 7360186) returned to Piraeus after repairs.\n")
    alerts = scan("-w", wl, renamed)
    got = {a["entity"]["id"]: a["match"] for a in alerts}
    check(set(got) == {"ofac-15037", "ofac-4243"}, "alerts %r" % alerts)
    m = got["ofac-15037"]
    check(m["method"] == "imo" and m["text"] == "IMO 9187655" and m["score"] == 1
          and m["name"] == "IMO 9187655", "by number: %r" % m)
    m = got["ofac-4243"]
    check(m["method"] == "exact" and m["text"] == "Ebano" and m["score"] == 1
          and m["count"] == 1 and "its IMO number right after it" in m["explain"]["text"],
          "name and number, one mention: %r" % m)
    check(scan("-w", wl, namesake) == [], "namesake with another ship's number")
    low = scan("--min-score", "0", "-w", wl, namesake)
    check(len(low) == 1 and low[0]["match"]["score"] <= 0.5 and
          "another ship's IMO number right after it" in low[0]["match"]["explain"]["text"],
          "namesake, explained: %r" % low)
    check('"registrations": ["Tax ID 01703202210110"]' in text, "imported tax number")
    tax = os.path.join(env.dir, "tax.txt")
    with open(tax, "w") as f:
        f.write("\u0412 \u0434\u0435\u043a\u043b\u0430\u0440\u0430\u0446\u0438\u0438 "
                "\u0443\u043a\u0430\u0437\u0430\u043d \u0418\u041d\u041d\n01703202210110.\n"
                "The number 02503202210145 alone names nobody.\n")
    alerts = scan("-w", wl, tax)
    check(len(alerts) == 1 and alerts[0]["entity"]["id"] == "ofac-44000" and
          alerts[0]["match"]["method"] == "registration" and
          alerts[0]["match"]["text"] == "01703202210110" and
          alerts[0]["match"]["name"] == "Tax ID 01703202210110", "by tax number: %r" % alerts)


def test_import_each_format(env):
    """Every format imports its excerpt into a watchlist scan accepts."""
    cases = [("un-xml", ["un/consolidated.xml"], 13),
             ("uk-ofsi-csv", ["uk/ConList.csv"], 7),
             ("eu-fsf-xml", ["eu/export.xml"], 3),
             ("opensanctions-csv", ["opensanctions/targets.simple.csv"], 4),
             ("opensanctions-ftm", ["opensanctions/entities.ftm.json"], 4),
             ("ofac-csv", ["ofac/cons_prim.csv", "ofac/cons_alt.csv"], 12)]
    for fmt, files, n in cases:
        wl, err = do_import(env, fmt + ".yaml", fmt, *[os.path.join(FIX, f) for f in files])
        check("%d entities written" % n in err, "%s: %s" % (fmt, err))
        scan("-w", wl, ARTICLE)
    os_wl = os.path.join(env.dir, "opensanctions-ftm.yaml")
    alerts = scan("-w", os_wl, ARTICLE)
    check(sorted(a["entity"]["id"] for a in alerts) ==
          ["os-NK-6dqjVxNpELnRLNvbGvHZgU", "os-NK-PL5K6gGyk2WdRYvRqhJbBB"],
          "opensanctions alerts %r" % alerts)


def test_import_usage(env):
    """Unknown formats, missing files and wrong files fail with a message."""
    r = sanctwatch("import", "nope", "x")
    check(r.returncode == 1 and "unknown format 'nope'" in r.stderr, r.stderr)
    check("ofac-csv" in r.stderr and "eu-fsf-xml" in r.stderr, "usage lists formats")
    r = sanctwatch("import", "ofac-csv")
    check(r.returncode == 1 and "usage" in r.stderr, r.stderr)
    r = sanctwatch("import", "un-xml", "/nonexistent.xml")
    check(r.returncode == 1 and "/nonexistent.xml" in r.stderr, r.stderr)
    r = sanctwatch("import", "un-xml", os.path.join(FIX, "uk", "ConList.csv"))
    check(r.returncode == 1 and "not well-formed XML" in r.stderr, r.stderr)
    check(r.stdout == "", "no output on failure")


def test_list_diff_fixture(env):
    """list-diff shows added, removed and changed entities."""
    src = os.path.join(FIX, "ofac", "sdn.csv")
    with open(src, "rb") as f:
        rows = f.read().rstrip(b"\x1a").split(b"\r\n")[:-1]
    old = os.path.join(env.dir, "old.csv")
    with open(old, "wb") as f:
        # The old version: no Cargoline, and another name for ent_num 36.
        edited = [r.replace(b"AEROCARIBBEAN AIRLINES", b"AEROCARIBBEAN") for r in rows
                  if not r.startswith(b"44030,")]
        f.write(b"\r\n".join(edited + [rows[0].replace(b"36,", b"99999999,", 1)]) + b"\r\n")
    # Run from another directory: the command needs nothing of the tree.
    r = sanctwatch("list-diff", "ofac-csv", old, src, cwd="/")
    check(r.returncode == 0, "list-diff: %s" % r.stderr)
    lines = r.stdout.splitlines()
    check(lines[-1] == "list-diff: 1 added, 1 removed, 1 changed, 32 unchanged", lines[-1])
    check("+ ofac-44030 OSOO KARGOLAYN (organization; RUSSIA-EO14024; KG)" in lines, lines)
    check('~ ofac-36 AEROCARIBBEAN AIRLINES: name "AEROCARIBBEAN" -> '
          '"AEROCARIBBEAN AIRLINES"' in lines, lines)
    r = sanctwatch("list-diff", os.path.join(env.dir, "missing.yaml"), old)
    check(r.returncode == 2, "missing file exit %d" % r.returncode)
    # Two watchlists: the changed fields of an entry, topics too.
    a, _ = do_import(env, "a.yaml", "us-csl", CSL)
    with open(a) as f:
        text = f.read()
    b = os.path.join(env.dir, "b.yaml")
    with open(b, "w") as f:
        f.write(text.replace('"source": "us-bis-uvl", "topics": ["export.control"]',
                             '"source": "us-bis-uvl", "topics": ["sanction"]'))
    r = sanctwatch("list-diff", a, b)
    check(r.returncode == 0, r.stderr)
    lines = r.stdout.splitlines()
    check('~ us-bis-uvl-feb1f5ab3fdd Atlas Sanatgaran: topics +["sanction"] '
          '-["export.control"]' in lines, lines)
    check(lines[-1] == "list-diff: 0 added, 0 removed, 1 changed, 11 unchanged", lines[-1])
    # An IMO number changed: the ship the number names.
    with open(b, "w") as f:
        f.write(text.replace('"imo": ["7406784"]', '"imo": ["7406784", "9187629"]'))
    r = sanctwatch("list-diff", a, b)
    check(r.returncode == 0, r.stderr)
    lines = r.stdout.splitlines()
    check('~ ofac-4243 EBANO: imo +["9187629"]' in lines, lines)
    # Dates of birth given where there were none: the years they span.
    with open(b, "w") as f:
        f.write(text.replace('"imo": ["7406784"]}',
                             '"imo": ["7406784"], "born": ["1960", "1962-05-01"]}'))
    r = sanctwatch("list-diff", a, b)
    check(r.returncode == 0, r.stderr)
    check('~ ofac-4243 EBANO: born none -> 1960/1962' in r.stdout.splitlines(), r.stdout)


def test_full_lists(env):
    """The real lists: every SDN entry (14,965) with the 2026-06 aliases
    joined, UN 730 + 273, UK 2,106 groups; all three merged load at once
    and scan finds the four Kyrgyz companies."""
    if skip("full lists"):
        return
    ofac = os.path.join(LISTS, "ofac")
    sdn, err = do_import(env, "sdn.yaml", "ofac-csv",
                         os.path.join(ofac, "sdn_2024-05-03", "sdn.csv"),
                         os.path.join(ofac, "add_alt_2026-06", "alt.csv"),
                         os.path.join(ofac, "add_alt_2026-06", "add.csv"))
    check("import: ofac-csv: 14965 entities written" in err, err.splitlines()[-1])
    un, err = do_import(env, "un.yaml", "un-xml",
                        os.path.join(LISTS, "un", "UN_consolidated_2026-02-27.xml"))
    check("1003 entities written, 0 rows skipped" in err, err.splitlines()[-1])
    with open(un) as f:
        text = f.read()
    check(text.count('"type": "person"') == 730 and
          text.count('"type": "organization"') == 273, "UN 730 + 273")
    uk, err = do_import(env, "uk.yaml", "uk-ofsi-csv",
                        os.path.join(LISTS, "uk", "hmt_conlist_2018-04-13", "ConList.csv"))
    check("2106 entities written, 0 rows skipped" in err, err.splitlines()[-1])
    alerts = scan("-w", sdn, "-w", un, "-w", uk, ARTICLE)
    check_kyrgyz(alerts)
    with open(sdn) as f:
        line = [l for l in f if '"ofac-44024"' in l][0]
    check('"aliases": ["PROGRESS LEADER LLC"]' in line, line)
    # Dates of birth from OFAC's remarks, the UN's and the UK's fields.
    with open(sdn) as f:
        line = [l for l in f if '"ofac-29279"' in l][0]
    check('"born": ["2001-12-04"]' in line, line)
    for path, n in ((sdn, 6736), (un, 677), (uk, 1119)):
        with open(path) as f:
            born = sum('"born": [' in l for l in f)
        check(born == n, "%s: %d entities with dates of birth, not %d" % (path, born, n))
    # Bodies' dates of founding from OFAC's remarks.
    with open(sdn) as f:
        lines = f.readlines()
    line = [l for l in lines if '"ofac-17013"' in l][0]
    check('"established": ["1990-10-17"]' in line, line)
    est = sum('"established": [' in l for l in lines)
    check(est == 1806, "%d SDN entities with dates of founding, not 1806" % est)


def test_list_diff_full(env):
    """sdn_2024-04-26 -> sdn_2024-05-03: 305 added, 8 removed."""
    if skip("list-diff on the full SDN"):
        return
    ofac = os.path.join(LISTS, "ofac")
    r = sanctwatch("list-diff", "ofac-csv",
                   os.path.join(ofac, "sdn_2024-04-26", "sdn.csv"),
                   os.path.join(ofac, "sdn_2024-05-03", "sdn.csv"))
    check(r.returncode == 0, r.stderr)
    last = r.stdout.splitlines()[-1]
    check(last.startswith("list-diff: 305 added, 8 removed, 0 changed"), last)


def entities(path):
    """The entities of an imported watchlist, by id."""
    with open(path) as f:
        return {e["id"]: e for e in (json.loads(l[4:]) for l in f if l.startswith("  - {"))}


def test_import_us_csl(env):
    """The CSL excerpt: each list's source and topic (export.control for
    BIS and State's export lists, sanction for OFAC's and State's
    nonproliferation sanctions), Treasury rows under OFAC's ids with the two
    rows of one number merged, the repeated header skipped, the rows of a
    Denied Person under the ids `import bis-dpl` gives; an alert on an
    export-control party carries entity.topics from scan, from the daemon
    and from the database on replay."""
    wl, err = do_import(env, "csl.yaml", "us-csl", CSL)
    check("12 entities written, 0 rows skipped, 1 not parties" in err, err)
    es = entities(wl)
    want = {"us-bis-meu-47d8e27a9ac2": ("us-bis-meu", ["export.control"]),
            "us-bis-entity-a7960a9897d7": ("us-bis-entity", ["export.control"]),
            "us-bis-uvl-feb1f5ab3fdd": ("us-bis-uvl", ["export.control"]),
            "us-bis-dpl-d7f65b691531": ("us-bis-dpl", ["export.control"]),
            "us-state-itar-dd519d3973a4": ("us-state-itar", ["export.control"]),
            "us-state-isn-ccad7763f758": ("us-state-isn", ["sanction"]),
            "ofac-36": ("us-ofac-sdn", ["sanction"]),
            "ofac-4238": ("us-ofac-sdn", ["sanction"])}
    for eid, (src, topics) in want.items():
        check(eid in es and es[eid]["source"] == src and es[eid]["topics"] == topics,
              "%s: %r" % (eid, es.get(eid)))
    check(es["ofac-4238"]["type"] == "vessel" and es["ofac-36"]["type"] == "organization",
          "types")
    check(es["ofac-4243"].get("imo") == ["7406784"] and "imo" not in es["ofac-4238"],
          "IMO numbers from ids: %r" % es["ofac-4243"])
    check(es["us-bis-entity-a7960a9897d7"]["countries"] == ["AF", "PK"] and
          es["us-bis-entity-a7960a9897d7"]["listed"] == "2011-11-21", "countries and date")
    bank = es["ofac-17014"]
    check(bank["source"] == "us-ofac-mbs" and
          "JOINT STOCK COMPANY RUSSIAN AGRICULTURAL BANK" in bank["aliases"] and
          bank["programs"] == ["UKRAINE-EO13662", "RUSSIA-EO14024"], "merged rows %r" % bank)
    check(es["us-state-isn-ccad7763f758"]["aliases"] == ["Super Trade"], "alt_names")
    dpl, err = do_import(env, "dpl.yaml", "bis-dpl", DPL)
    check("4 entities written, 0 rows skipped" in err and "country 'PRC' not recognised" in err,
          err)
    d = entities(dpl)
    for eid in ("us-bis-dpl-d7f65b691531", "us-bis-dpl-c5dad1991389"):
        check(eid in d and eid in es, "the DPL and the CSL agree on %s" % eid)
    check(d["us-bis-dpl-c5dad1991389"]["listed"] == "2002-03-04" and
          all(e["topics"] == ["export.control"] for e in d.values()), "dpl %r" % d)
    # An analyst sees an export-restricted party, not an asset freeze.
    harness.write_article(env, "uvl.html", "<html><head><title>Armenian trader</title></head>"
                          "<body><p>Atlas Sanatgaran, a trading house in Yerevan, shipped "
                          "machine tools last spring, the ministry said.</p></body></html>")
    r = sanctwatch("scan", "-w", wl, os.path.join(env.site, "uvl.html"))
    got = [json.loads(l) for l in r.stdout.splitlines()]
    check(len(got) == 1 and got[0]["entity"]["topics"] == ["export.control"] and
          got[0]["entity"]["source"] == "us-bis-uvl", "scan %r %s" % (got, r.stderr))
    env.write_config([{"id": "news", "url": env.url("uvl.html")}], watchlists=[wl])
    env.start()
    sub = env.subscribe(since=0)
    live = wait_for(lambda: sub.alerts(), "the alert")
    check(live[0]["entity"]["topics"] == ["export.control"], "live %r" % live[0])
    check(env.query("SELECT topics FROM alerts") == [('["export.control"]',)], "stored")
    check(env.stop() == 0, "stop")
    env.start()
    replay = wait_for(lambda: env.subscribe(since=0).alerts() or None, "the replay")
    check(replay[0]["entity"]["topics"] == ["export.control"], "replayed %r" % replay[0])


def test_import_recognises_other_formats(env):
    """An importer given another format's file names the right format."""
    cases = [("ofac-csv", CSL, "`sanctwatch import us-csl`"),
             ("bis-dpl", CSL, "`sanctwatch import us-csl`"),
             ("us-csl", DPL, "`sanctwatch import bis-dpl`"),
             ("us-csl", os.path.join(FIX, "ofac", "sdn.csv"), "`sanctwatch import ofac-csv`"),
             ("us-csl", os.path.join(FIX, "un", "consolidated.xml"), "`sanctwatch import un-xml`"),
             ("ofac-csv", os.path.join(FIX, "uk", "ConList.csv"),
              "`sanctwatch import uk-ofsi-csv`")]
    for fmt, path, hint in cases:
        r = sanctwatch("import", fmt, path)
        check(r.returncode == 1 and hint in r.stderr and r.stdout == "",
              "%s on %s: %s" % (fmt, path, r.stderr))


def test_import_output_file(env):
    """-o FILE: a failed import, or one that finds nothing, leaves the live
    watchlist as it was (no empty list, no temporary file); a good one
    replaces it whole."""
    live = os.path.join(env.dir, "live.yaml")
    with open(live, "w") as f:
        f.write("old\n")
    r = sanctwatch("import", "ofac-csv", "-o", live, CSL)
    check(r.returncode == 1 and "left as it was" in r.stderr, r.stderr)
    header = os.path.join(env.dir, "header.csv")
    with open(CSL) as f:
        f.readline()
        with open(header, "w") as h:
            h.write(f.readline())
    r = sanctwatch("import", "us-csl", "-o", live, header)
    check(r.returncode == 1 and "no entities found; no watchlist written" in r.stderr,
          r.stderr)
    r = sanctwatch("import", "us-csl", header)
    check(r.returncode == 1 and r.stdout == "", "an empty list on stdout: %r" % r.stdout)
    with open(live) as f:
        check(f.read() == "old\n", "live watchlist changed by a failed import")
    check(os.listdir(env.dir).count("live.yaml") == 1 and
          not [n for n in os.listdir(env.dir) if n.startswith(".live")], os.listdir(env.dir))
    r = sanctwatch("import", "bis-dpl", DPL, "-o", live)
    check(r.returncode == 0 and r.stdout == "", r.stderr)
    check(len(entities(live)) == 4, "written")
    check(oct(os.stat(live).st_mode & 0o777) != oct(0o600), "mode follows the umask")


def test_watchlist_in_another_format(env):
    """A list file given as a watchlist is named, with the command that
    converts it, by scan and by the daemon's check; a missing watchlist is
    reported at the config line that lists it."""
    for path, fmt in ((os.path.join(FIX, "ofac", "sdn.csv"), "ofac-csv"),
                      (os.path.join(FIX, "un", "consolidated.xml"), "un-xml"),
                      (CSL, "us-csl")):
        r = sanctwatch("scan", "-w", path, ARTICLE)
        check(r.returncode == 1 and "convert it with `sanctwatch import %s" % fmt in r.stderr
              and "yaml" not in r.stderr.lower().replace("watchlist.yaml", ""),
              "%s: %s" % (path, r.stderr))
    env.write_config([], watchlists=[CSL])
    r = run_cmd([os.path.join(harness.BUILD, "sanctwatchd"), "-n", "-c", env.config])
    check(r.returncode != 0 and "this looks like a US Consolidated Screening List CSV" in r.stderr,
          r.stderr)
    env.write_config([], watchlists=[os.path.join(env.dir, "gone.yaml")])
    r = run_cmd([os.path.join(harness.BUILD, "sanctwatchd"), "-n", "-c", env.config])
    check(r.returncode != 0 and "%s:1:" % env.config in r.stderr and
          "gone.yaml' does not exist" in r.stderr, r.stderr)


def test_never_matching_names_reported_once(env):
    """A name of the list's own data that can never match (a legal form
    alone) is reported by the import, not on every scan or start: the
    daemon logs one counted line."""
    sdn = os.path.join(env.dir, "sdn.csv")
    with open(os.path.join(FIX, "ofac", "sdn.csv"), "rb") as f:
        data = f.read().rstrip(b"\x1a")
    with open(sdn, "wb") as f:
        f.write(data + b'40913,"PTE OOO",-0- ,"RUSSIA-EO14024",-0- ,-0- ,-0- ,-0- ,-0- ,'
                b'-0- ,-0- ,-0- \r\n')
    wl, err = do_import(env, "sdn.yaml", "ofac-csv", sdn)
    check('entity ofac-40913: name "PTE OOO" is only a legal form' in err and
          "1 name that can never match" in err, err)
    r = sanctwatch("scan", "-w", wl, ARTICLE)
    check(r.returncode == 0 and "legal form" not in r.stderr, "scan warns: %s" % r.stderr)
    env.write_config([], watchlists=[wl])
    with open(env.config) as f:
        text = f.read().replace("log_level: debug", "log_level: info")
    with open(env.config, "w") as f:
        f.write(text)
    env.start()
    check(env.stop() == 0, "stop")
    log = env.read_log()
    check("is only a legal form" not in log and log.count("1 name never matches") == 1,
          "daemon log: %s" % log)


def test_full_csl(env):
    """The real CSL of 2023-11-30 (4,226 rows, the last one cut short) and
    BIS's DPL: every list's rows imported with their topic, the Treasury
    rows under OFAC ids, and both watchlists load in the daemon."""
    if skip("full CSL"):
        return
    csl, err = do_import(env, "csl.yaml", "us-csl",
                         os.path.join(LISTS, "us_csl", "csl_2023-11-30_partial.csv"))
    check("4169 entities written, 1 row skipped, 1 not parties" in err, err)
    es = entities(csl)
    topics = {}
    for e in es.values():
        topics[e["topics"][0]] = topics.get(e["topics"][0], 0) + 1
    check(topics == {"sanction": 2324, "export.control": 1845}, "topics %r" % topics)
    check(sum(1 for i in es if i.startswith("ofac-")) == 2180, "ofac ids")
    dpl, err = do_import(env, "dpl.yaml", "bis-dpl",
                         os.path.join(LISTS, "us_csl", "bis_dpl_2023-11-30.txt"))
    check("547 entities written, 0 rows skipped" in err, err)
    env.write_config([], watchlists=[csl, dpl])
    r = run_cmd([os.path.join(harness.BUILD, "sanctwatchd"), "-n", "-c", env.config])
    # The DPL's parties are the CSL's DPL rows under the same ids: merged.
    check(r.returncode == 0 and "configuration OK" in r.stderr and
          "entities found in more than one file were merged" in r.stderr, r.stderr)


def test_bash_completion(env):
    """The bash completion asks the binary for its commands, each command's
    options and the import formats, so a new command or format completes
    without editing the script."""
    script = os.path.join(harness.ROOT, "completion", "sanctwatch.bash")

    def complete(*words):
        words = ["sanctwatch"] + list(words)
        cmd = ("source %s; COMP_WORDS=(%s); COMP_CWORD=%d; _sanctwatch; "
               "printf '%%s\\n' \"${COMPREPLY[@]}\"" %
               (script, " ".join("'%s'" % w for w in words), len(words) - 1))
        r = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=30,
                           env=dict(os.environ, PATH=harness.BUILD + ":" + os.environ["PATH"]))
        check(r.returncode == 0, "bash: %r" % r.stderr)
        return r.stdout.split()

    got = complete("")
    check({"scan", "import", "tail", "export", "review", "show", "list-diff"} <= set(got),
          "commands %r" % got)
    check(complete("re") == ["reload", "review"] or set(complete("re")) == {"reload", "review"},
          "'re' %r" % complete("re"))
    check(complete("review", "1", "--f") == ["--false-positive"], "review options")
    check(set(complete("review", "1", "--scope", "")) == {"alert", "text", "source", "entity"},
          "scopes")
    check(set(complete("export", "--format", "")) == {"ndjson", "csv"}, "export formats")
    check({"us-csl", "bis-dpl", "ofac-csv"} <= set(complete("import", "")), "import formats")
