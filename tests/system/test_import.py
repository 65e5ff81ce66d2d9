"""System tests of `sanctwatch import` and scripts/list-diff: the real
binaries on the list excerpts of tests/fixtures/lists, the imported
watchlist used by `sanctwatch scan` and by the daemon, and, when the real
lists are beside the project (../shared/data/lists, or $SANCTWATCH_LISTS),
the full files with the counts the lists publish.  Without them those tests
print "# skip" and pass: the project never needs ../shared."""

import json
import os

import harness
from harness import ROOT, check, run_cmd, wait_for

LISTS = os.environ.get("SANCTWATCH_LISTS",
                       os.path.join(os.path.dirname(ROOT), "shared", "data", "lists"))
FIX = os.path.join(ROOT, "tests", "fixtures", "lists")
ARTICLE = os.path.join(ROOT, "config", "demo", "articles", "treasury-kyrgyz-2023.html")
KYRGYZ = {"ofac-44000": "RM Design and Development", "ofac-44024": "Progress Leader",
          "ofac-44028": "GTME Technologii", "ofac-44030": "Cargoline"}
LIST_DIFF = os.path.join(ROOT, "scripts", "list-diff")


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
    r = run_cmd([LIST_DIFF, "-b", harness.BUILD, "ofac-csv", old, src])
    check(r.returncode == 0, "list-diff: %s" % r.stderr)
    lines = r.stdout.splitlines()
    check(lines[-1] == "list-diff: 1 added, 1 removed, 1 changed, 32 unchanged", lines[-1])
    check("+ ofac-44030 OSOO KARGOLAYN (organization; RUSSIA-EO14024; KG)" in lines, lines)
    check('~ ofac-36 AEROCARIBBEAN AIRLINES: name "AEROCARIBBEAN" -> '
          '"AEROCARIBBEAN AIRLINES"' in lines, lines)
    r = run_cmd([LIST_DIFF, os.path.join(env.dir, "missing.yaml"), old])
    check(r.returncode == 2, "missing file exit %d" % r.returncode)


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


def test_list_diff_full(env):
    """sdn_2024-04-26 -> sdn_2024-05-03: 305 added, 8 removed."""
    if skip("list-diff on the full SDN"):
        return
    ofac = os.path.join(LISTS, "ofac")
    r = run_cmd([LIST_DIFF, "-b", harness.BUILD, "ofac-csv",
                 os.path.join(ofac, "sdn_2024-04-26", "sdn.csv"),
                 os.path.join(ofac, "sdn_2024-05-03", "sdn.csv")])
    check(r.returncode == 0, r.stderr)
    last = r.stdout.splitlines()[-1]
    check(last.startswith("list-diff: 305 added, 8 removed, 0 changed"), last)
