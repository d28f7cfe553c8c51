#!/usr/bin/env python3
"""Validates a SARIF log against the SARIF 2.1.0 JSON schema.

usage: check_sarif.py SCHEMA LOG

Uses the jsonschema package (Debian: python3-jsonschema) with the schema's
own draft (draft-04 for the OASIS 2.1.0 schema). Exits 0 when the log is
valid, 1 with every error (path and message) when it is not, 2 when the
validator or a file cannot be loaded.
"""
import json
import sys


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        import jsonschema
    except ImportError as error:
        print(f"check_sarif: {error}; install python3-jsonschema",
              file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding="utf-8") as schema_file:
            schema = json.load(schema_file)
        with open(argv[2], encoding="utf-8") as log_file:
            log = json.load(log_file)
    except (OSError, ValueError) as error:
        print(f"check_sarif: {error}", file=sys.stderr)
        return 2
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    errors = sorted(validator_class(schema).iter_errors(log),
                    key=lambda e: list(e.absolute_path))
    for error in errors:
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        print(f"{where}: {error.message}", file=sys.stderr)
    if errors:
        return 1
    results = sum(len(run.get("results", [])) for run in log.get("runs", []))
    print(f"valid SARIF 2.1.0: {results} result(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
