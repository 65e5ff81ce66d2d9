#!/usr/bin/env python3
"""Run the system tests: every test_* function of every tests/system/test_*.py
module, each with a fresh Env (temp dir, HTTP server on 127.0.0.1, config,
database, socket), against the binaries of BUILD_DIR.

usage: tests/system/run.py BUILD_DIR [TEST_NAME...]
Prints one "ok N - module/name" or "not ok N - module/name" line per test and
ends with "system: N passed, N failed".
"""

import glob
import importlib
import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Env, Fail, check  # noqa: E402


def collect():
    here = os.path.dirname(os.path.abspath(__file__))
    tests = []
    for path in sorted(glob.glob(os.path.join(here, "test_*.py"))):
        mod = importlib.import_module(os.path.basename(path)[:-3])
        for name in sorted(dir(mod)):
            if name.startswith("test_") and callable(getattr(mod, name)):
                tests.append((mod.__name__[5:], name[5:], getattr(mod, name)))
    return tests


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    harness.BUILD = os.path.abspath(sys.argv[1])
    names = set(sys.argv[2:])
    passed = failed = n = 0
    for module, name, fn in collect():
        if names and name not in names and module not in names:
            continue
        n += 1
        env = Env(name)
        try:
            fn(env)
            rc = env.stop() if env.daemon and env.daemon.poll() is None else None
            check(rc in (None, 0), "exit status %s at the end" % rc)
            print("ok %d - system/%s/%s" % (n, module, name), flush=True)
            passed += 1
        except Exception as e:
            print("not ok %d - system/%s/%s" % (n, module, name), flush=True)
            msg = str(e) if isinstance(e, Fail) else traceback.format_exc()
            for line in msg.splitlines():
                print("#   " + line)
            print("#   daemon log (tail):")
            for line in env.read_log().splitlines()[-25:]:
                print("#     " + line)
            failed += 1
        finally:
            env.close()
    print("system: %d passed, %d failed" % (passed, failed), flush=True)
    sys.exit(0 if failed == 0 else 1)


if __name__ == "__main__":
    main()
