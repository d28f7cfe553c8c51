#!/usr/bin/env python3
"""Runs a command that contains a planted defect and passes only if the
tool watching it caught the defect: the command must exit non-zero AND its
output must match the given pattern. A test that only looked at the exit
status would also pass if the program crashed for an unrelated reason.

usage: expect_failure.py PATTERN -- COMMAND [ARGS...]
"""
import re
import subprocess
import sys


def main(argv):
    if len(argv) < 4 or argv[2] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    pattern = re.compile(argv[1])
    command = argv[3:]
    result = subprocess.run(command, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True,
                            errors="replace", check=False)
    output = result.stdout
    print(output, end="")
    if result.returncode == 0:
        print(f"gate proof FAILED: {command[0]} exited 0; the planted defect "
              "went unnoticed")
        return 1
    if not pattern.search(output):
        print(f"gate proof FAILED: exit status {result.returncode}, but no "
              f"output matched /{pattern.pattern}/")
        return 1
    print(f"gate proof ok: exit status {result.returncode} and "
          f"/{pattern.pattern}/ found")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
