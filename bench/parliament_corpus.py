#!/usr/bin/env python3
"""Lint a directory of IAM policy JSON files with Parliament in ONE Python process.

Baseline driver for polgen's benchmarks (see bench/README.md). It calls
parliament.analyze_policy_string once per file, like `parliament --directory DIR` does,
but without printing every finding, and prints one summary line at the end.

    python3 bench/parliament_corpus.py /work/shared/corpus/aws-managed [--community]

Requires `pip install parliament==1.6.4`. Exit code 0 (findings are not an error here).
"""
import argparse
import pathlib
import sys
import time

import parliament


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    ap.add_argument("directory", type=pathlib.Path)
    ap.add_argument("--community", action="store_true",
                    help="also run Parliament's community auditors")
    args = ap.parse_args()
    if not args.directory.is_dir():
        print(f"error: {args.directory} is not a directory", file=sys.stderr)
        return 2
    files = sorted(p for p in args.directory.iterdir() if p.suffix == ".json" and p.is_file())
    start = time.perf_counter()
    findings = 0
    errors = 0
    for path in files:
        try:
            policy = parliament.analyze_policy_string(
                path.read_text(encoding="utf-8"),
                filepath=str(path),
                include_community_auditors=args.community,
            )
            findings += len(policy.findings)
        except Exception as exc:  # noqa: BLE001 - a crash on one file must not stop the run
            errors += 1
            print(f"{path.name}: parliament raised {type(exc).__name__}: {exc}", file=sys.stderr)
    elapsed = time.perf_counter() - start
    print(f"parliament {parliament.__version__}: {len(files)} files, {findings} findings, "
          f"{errors} crashes, {elapsed:.2f} s in-process")
    return 0


if __name__ == "__main__":
    sys.exit(main())
