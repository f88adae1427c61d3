#!/usr/bin/env python3
"""Validates TOML files against Counterpoint's JSON Schemas with an independent validator.

Usage: validate.py SCHEMA_DIR SCHEMA_FILE=TOML_FILE...

Prints one JSON object per TOML file: {"file": ..., "errors": ["<json path>: <message>", ...]}.
A file that is not valid TOML gets the parser's message as its only error. Exit status 0 when the
files were checked (whatever the result), 3 when `jsonschema` is not installed.
Used by tests/it/schema.rs; .ci/run installs the pinned jsonschema.
"""
import json
import sys
import tomllib

try:
    import jsonschema
except ImportError:
    print("jsonschema is not installed (python3 -m pip install jsonschema)", file=sys.stderr)
    sys.exit(3)


def main():
    schema_dir, pairs = sys.argv[1], sys.argv[2:]
    validators = {}
    for pair in pairs:
        schema_name, toml_path = pair.split("=", 1)
        if schema_name not in validators:
            with open(f"{schema_dir}/{schema_name}", encoding="utf-8") as f:
                schema = json.load(f)
            jsonschema.Draft202012Validator.check_schema(schema)
            validators[schema_name] = jsonschema.Draft202012Validator(schema)
        try:
            with open(toml_path, "rb") as f:
                data = tomllib.load(f)
        except tomllib.TOMLDecodeError as e:
            print(json.dumps({"file": toml_path, "errors": [f"TOML: {e}"]}))
            continue
        errors = [
            f"{e.json_path}: {e.message}"
            for e in validators[schema_name].iter_errors(data)
        ]
        print(json.dumps({"file": toml_path, "errors": errors}))


main()
