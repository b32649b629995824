#!/usr/bin/env python3
"""Compare polgen with Parliament on Parliament's own test fixtures.

    python3 bench/compare_parliament.py [--polgen target/release/polgen] [--no-parliament]

Reads ../shared/corpus/peer-tests/parliament/{expected.json,policies/} (relative to the repo
root; POLGEN_CORPUS overrides the corpus directory), runs polgen ONCE over all fixture files
(`polgen lint --format json --no-config <explicit paths>`), optionally runs Parliament 1.6.4
itself on each fixture (the `analyze_kwargs` of the upstream test, minus its test-only
`config` file), and writes:

  bench/parliament-comparison.md          the table, with the verdicts of
  bench/parliament_verdicts.json          (hand-written judgement: one line per fixture)
  bench/results/parliament-comparison.json  the raw data

Verdicts: agree | polgen stricter | polgen misses | Parliament false positive | later (issue 3).
A fixture without a hand-written verdict gets an automatic suggestion marked "(auto)".
"""
import argparse
import collections
import json
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"

# Parliament finding id -> the polgen rule ids that report the same problem.
# An empty tuple: polgen has no rule for it (yet); LATER: the rule comes with issue 3
# (trust / public access / resource-policy rules).
LATER = "later (issue 3)"
MAPPING = {
    "UNKNOWN_ACTION": ("unknown-action",),
    "UNKNOWN_PREFIX": ("unknown-service",),
    "RESOURCE_MISMATCH": ("resource-mismatch",),
    "MALFORMED": ("policy-grammar", "syntax-error"),
    "MALFORMED_JSON": ("syntax-error",),
    "UNKNOWN_CONDITION_FOR_ACTION": ("unknown-condition-key",),
    "UNKNOWN_OPERATOR": ("policy-grammar",),
    "MISMATCHED_TYPE": ("condition-type-mismatch",),
    "MISMATCHED_TYPE_BUT_USABLE": ("condition-type-mismatch",),
    "RESOURCE_STAR": ("wildcard-resource",),
    "RESOURCE_EFFECTIVELY_STAR": ("wildcard-resource", "resource-effectively-star"),
    "INVALID_ARN": ("invalid-arn",),
    "INVALID_SID": ("policy-grammar",),
    "DUPLICATE_SID": ("duplicate-sid",),
    "BAD_PATTERN_FOR_MFA": ("mfa-bool-false", "mfa-if-exists-allow", "mfa-false-allow"),
    "NOTRESOURCE_WITH_ALLOW": ("not-resource-allow",),
    "NOTPRINCIPAL_WITH_ALLOW": LATER,
    "RESOURCE_POLICY_PRIVILEGE_ESCALATION": ("resource-policy-escalation",),
    "SINGLE_VALUE_CONDITION_TOO_PERMISSIVE": ("for-all-values-single-valued",),
    # Community auditors
    "PRIVILEGE_ESCALATION": ("privilege-escalation",),
    "PERMISSIONS_MANAGEMENT_ACTIONS": ("missing-mfa", "privilege-escalation", "wildcard-resource"),
    "CREDENTIALS_EXPOSURE": ("missing-mfa",),
    "SENSITIVE_ACCESS": (),
}


def polgen_ids(polgen: pathlib.Path, fixture_dir: pathlib.Path, files: list[str]) -> tuple[dict, dict]:
    proc = subprocess.run(
        [str(polgen), "lint", "--format", "json", "--no-config", *files],
        cwd=fixture_dir, capture_output=True, text=True,
    )
    if proc.returncode not in (0, 1):
        sys.exit(f"polgen exited with {proc.returncode}:\n{proc.stderr}")
    out = json.loads(proc.stdout)
    by_file: dict[str, list[str]] = collections.defaultdict(list)
    detail: dict[str, list[dict]] = collections.defaultdict(list)
    for f in out["findings"]:
        by_file[f["path"]].append(f["rule"])
        detail[f["path"]].append({k: f[k] for k in ("rule", "severity", "line", "column", "message")})
    for e in out.get("errors", []):
        by_file[e["path"]].append("<file-error>")
    return by_file, detail


def parliament_actual(fixture_dir: pathlib.Path, entries: list[dict]) -> dict:
    try:
        import parliament  # noqa: PLC0415
    except ImportError:
        return {}
    res = {}
    for e in entries:
        kwargs = {k: v for k, v in e["analyze_kwargs"].items() if k != "config"}
        text = (fixture_dir / e["file"]).read_text(encoding="utf-8")
        try:
            res[e["file"]] = sorted({f.issue for f in parliament.analyze_policy_string(text, **kwargs).findings})
        except Exception as exc:  # noqa: BLE001
            res[e["file"]] = [f"<crash: {type(exc).__name__}: {exc}>"]
    return res


def auto_verdict(expected: list[str], ours: set[str]) -> str:
    missed, later = [], []
    covered = set()
    for pid in expected:
        m = MAPPING.get(pid, ())
        if m == LATER:
            later.append(pid)
            continue
        hit = ours.intersection(m)
        if hit:
            covered |= hit
        else:
            missed.append(pid)
    extra = ours - covered - {"missing-version"}
    if later and not missed:
        return LATER
    if missed and not extra:
        return "polgen misses"
    if missed and extra:
        return "disagree (mixed)"
    if extra:
        return "polgen stricter"
    return "agree"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--polgen", default=str(ROOT / "target/release/polgen"))
    ap.add_argument("--no-parliament", action="store_true", help="do not run Parliament itself")
    args = ap.parse_args()

    corpus = pathlib.Path(os.environ.get("POLGEN_CORPUS", ROOT.parent / "shared/corpus"))
    fixture_dir = corpus / "peer-tests/parliament"
    if not (fixture_dir / "expected.json").is_file():
        sys.exit(f"error: Parliament fixtures not found at {fixture_dir} (set POLGEN_CORPUS)")
    polgen = pathlib.Path(args.polgen)
    if not polgen.is_file():
        sys.exit(f"error: {polgen} not found: cargo build --release -p polgen")

    entries = json.loads((fixture_dir / "expected.json").read_text())
    files = [e["file"] for e in entries]
    ours, detail = polgen_ids(polgen, fixture_dir, files)
    actual = {} if args.no_parliament else parliament_actual(fixture_dir, entries)
    verdicts_path = BENCH / "parliament_verdicts.json"
    verdicts = json.loads(verdicts_path.read_text()) if verdicts_path.is_file() else {}

    rows, raw = [], []
    counts = collections.Counter()
    for e in entries:
        f = e["file"]
        if "expected_finding_ids" in e:
            expected = e["expected_finding_ids"]
            exp_txt = ", ".join(expected) or "(none)"
        else:
            expected = []
            exp_txt = f"{e['expected_finding_count']} finding(s)"
        ids = sorted(set(ours.get(f, [])))
        auto = auto_verdict(expected, set(ids))
        v = verdicts.get(f)
        if v:
            verdict, why = v["verdict"], v["why"]
        elif auto == "agree":
            verdict, why = "agree", "same findings (after id mapping)"
        else:
            verdict, why = f"{auto} (auto)", ""
        counts[verdict] += 1
        name = pathlib.Path(f).name.removesuffix(".json")
        act = actual.get(f)
        act_txt = "" if act is None else (", ".join(act) or "(none)")
        if act is not None and sorted(set(expected)) == act:
            act_txt = "="
        rows.append(f"| `{name}` | {exp_txt} | {act_txt} | {', '.join(ids) or '(none)'} | {verdict} | {why} |")
        raw.append({"file": f, "parliament_expected": e.get("expected_finding_ids", e.get("expected_finding_count")),
                    "parliament_actual": act, "polgen": detail.get(f, []), "auto": auto, "verdict": verdict, "why": why})

    out = [
        "# polgen vs Parliament on Parliament's test fixtures",
        "",
        "Generated by `python3 bench/compare_parliament.py` (verdicts from `bench/parliament_verdicts.json`,",
        "written by hand). Fixtures: `../shared/corpus/peer-tests/parliament` (62 policies taken from",
        "Parliament's unit tests, with the finding ids the upstream test expects). polgen runs once over all",
        "62 files with `lint --format json --no-config` (default ruleset, policy kind auto-detected).",
        "",
        "Columns: **Parliament expects** = ids asserted by the upstream test; **Parliament 1.6.4 gives** =",
        "what the installed Parliament really reports with the test's arguments (`=` when identical; the",
        "4 tests that pass a test-only `config` file run without it); **polgen** = distinct rule ids.",
        "",
        "Id mapping: UNKNOWN_ACTION→unknown-action, UNKNOWN_PREFIX→unknown-service, RESOURCE_MISMATCH→",
        "resource-mismatch, MALFORMED→policy-grammar/syntax-error, UNKNOWN_CONDITION_FOR_ACTION→",
        "unknown-condition-key, MISMATCHED_TYPE→condition-type-mismatch, RESOURCE_STAR→wildcard-resource,",
        "INVALID_ARN→invalid-arn, DUPLICATE_SID→duplicate-sid, NOTRESOURCE_WITH_ALLOW→not-resource-allow,",
        "BAD_PATTERN_FOR_MFA→mfa-*, PRIVILEGE_ESCALATION→privilege-escalation; community auditors",
        "PERMISSIONS_MANAGEMENT_ACTIONS / CREDENTIALS_EXPOSURE ≈ missing-mfa / privilege-escalation /",
        "wildcard-resource; NOTPRINCIPAL_WITH_ALLOW and RESOURCE_POLICY_PRIVILEGE_ESCALATION: later (issue 3).",
        "",
        "## Summary",
        "",
        "| verdict | fixtures |",
        "|---|---|",
        *[f"| {k} | {n} |" for k, n in counts.most_common()],
        "",
        "## Per fixture",
        "",
        "| fixture | Parliament expects | Parliament 1.6.4 gives | polgen | verdict | who is right, why |",
        "|---|---|---|---|---|---|",
        *rows,
        "",
    ]
    (BENCH / "parliament-comparison.md").write_text("\n".join(out))
    (BENCH / "results").mkdir(exist_ok=True)
    (BENCH / "results/parliament-comparison.json").write_text(json.dumps(raw, indent=1) + "\n")
    print("\n".join(f"{k}: {n}" for k, n in counts.most_common()))
    print(f"wrote {BENCH / 'parliament-comparison.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
