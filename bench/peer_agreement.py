#!/usr/bin/env python3
"""Agreement of polgen with Checkov's IAM checks on Checkov's own Terraform fixtures.

For each Checkov check that has a polgen counterpart, lints the check's fixture folder
(`../shared/corpus/peer-tests/checkov/{resource,data}/example_*`) with only the
counterpart rules and compares, resource by resource, Checkov's expected failing and
passing resources with the resources polgen reports. Prints a Markdown table.

Usage: bench/peer_agreement.py [path/to/polgen]
"""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "..", "shared", "corpus", "peer-tests", "checkov")
POLGEN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "release", "polgen")

# Checkov check -> polgen rules that report the same problem.
COUNTERPARTS = {
    "CKV_AWS_62": ["admin-access"],
    "CKV_AWS_1": ["admin-access"],
    "CKV_AWS_286": ["privilege-escalation"],
    "CKV_AWS_110": ["privilege-escalation"],
    "CKV_AWS_40": ["user-attached-policy"],
    "CKV_AWS_355": ["wildcard-resource"],
    "CKV_AWS_356": ["wildcard-resource"],
    "CKV_AWS_49": ["admin-access", "wildcard-action"],
    "CKV_AWS_63": ["admin-access", "wildcard-action"],
}


def flagged(folder, rules):
    args = [POLGEN, "lint", "--no-config", "--format", "json", folder]
    for r in rules:
        args += ["--select", r]
    out = subprocess.run(args, capture_output=True, text=True).stdout
    found = set()
    for f in json.loads(out)["findings"]:
        if f["rule"] not in rules:
            continue
        path = f.get("location_path") or ""
        # `aws_iam_policy.x.policy.Statement[0]` -> `aws_iam_policy.x`;
        # `data.aws_iam_policy_document.x...` -> `aws_iam_policy_document.x` (Checkov's name).
        parts = path.split(".")
        if parts and parts[0] == "data":
            parts = parts[1:]
        if len(parts) >= 2:
            found.add(parts[0] + "." + parts[1])
    return found


# cfn_nag rule -> polgen rules. cfn_nag's expectations are the offending logical ids.
CFN_NAG = {
    "F10": ["user-attached-policy"], "F11": ["user-attached-policy"], "F12": ["user-attached-policy"],
    "F2": ["wildcard-action", "admin-access"], "F3": ["wildcard-action", "admin-access"],
    "F4": ["wildcard-action", "admin-access"], "F5": ["wildcard-action", "admin-access"],
    "F20": ["wildcard-action", "admin-access"],
    "F38": ["pass-role-star", "admin-access"], "F39": ["pass-role-star", "admin-access"],
    "F40": ["pass-role-star", "admin-access"],
    "W12": ["wildcard-resource", "admin-access"], "W13": ["wildcard-resource", "admin-access"],
    "W15": ["not-action-allow"], "W16": ["not-action-allow"], "W17": ["not-action-allow"],
    "W18": ["not-action-allow"], "W19": ["not-action-allow"], "W20": ["not-action-allow"],
    "W21": ["not-resource-allow"], "W22": ["not-resource-allow"], "W23": ["not-resource-allow"],
}


def cfn_nag():
    root = os.path.join(CORPUS, "..", "cfn_nag")
    cases = json.load(open(os.path.join(root, "expected.json")))["cases"]
    print()
    print("| cfn_nag rule | polgen rules | template | expected ids | polgen ids | agree |")
    print("|---|---|---|---|---|---|")
    for case in cases:
        rules = CFN_NAG.get(case["rule_id"])
        if not rules:
            continue
        path = os.path.join(root, case["template"])
        out = subprocess.run([POLGEN, "lint", "--no-config", "--format", "json", path],
                             capture_output=True, text=True).stdout
        got = sorted({(f.get("location_path") or "").split(".")[0]
                      for f in json.loads(out)["findings"] if f["rule"] in rules} - {""})
        want = sorted(case["expected_offending_logical_ids"])
        print(f"| {case['rule_id']} | {', '.join(rules)} | {os.path.basename(path)} | {' '.join(want) or '-'} "
              f"| {' '.join(got) or '-'} | {'yes' if got == want else 'NO'} |")


def main():
    cases = json.load(open(os.path.join(CORPUS, "expected.json")))
    print("| check | polgen rules | expected fail | agree | polgen misses | polgen extra |")
    print("|---|---|---|---|---|---|")
    for case in cases:
        check = case["checks"][0]["check_id"]
        if check not in COUNTERPARTS or case["kind"] not in ("resource", "data"):
            continue
        test = case.get("runner_tests", {}).get("test")
        if not test:
            continue
        folder = os.path.join(CORPUS, case["kind"], test["paths"][0].lstrip("/"))
        got = flagged(folder, COUNTERPARTS[check])
        fail = set(test["failing_resources"])
        ok = set(test["passing_resources"])
        misses = sorted(fail - got)
        extra = sorted(got & ok)
        agree = len(fail & got) + len(ok - got)
        print(f"| {check} | {', '.join(COUNTERPARTS[check])} | {len(fail)} | {agree}/{len(fail) + len(ok)} "
              f"| {' '.join(misses) or '-'} | {' '.join(extra) or '-'} |")


main()
cfn_nag()
