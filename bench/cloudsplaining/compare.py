#!/usr/bin/env python3
"""Compare polgen with Cloudsplaining on Cloudsplaining's own test fixtures.

    python3 bench/cloudsplaining/compare.py [--polgen target/release/polgen] [--corpus DIR] [--no-write]

Reads <corpus>/peer-tests/cloudsplaining/{expected.json,files/} (default corpus:
/work/shared/corpus, or $POLGEN_CORPUS), extracts every policy document into a temp folder
(identity/: inline + managed policies of users, groups, roles, the Policies list, the
single-policy cases; trust/: each role's AssumeRolePolicyDocument), runs polgen ONCE per kind
(`polgen lint --format json --no-config --policy-type <kind> <folder>`), compares with the
expected Cloudsplaining results through a category -> polgen-rule mapping and writes
bench/cloudsplaining/README.md.  Deterministic: sorted inputs, no timestamps.
"""
import argparse
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import urllib.parse

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent

# Cloudsplaining category -> polgen rules that report the closest problem (None: no polgen rule).
IDENTITY_MAP = {
    "PrivilegeEscalation": ["privilege-escalation"],
    "ServiceWildcard": ["wildcard-action", "admin-access"],
    "ResourceExposure": ["resource-policy-escalation", "missing-mfa"],  # close; CS counts every permissions-management action
    "InfrastructureModification": ["wildcard-resource"],  # write access on "*"; closest, not equal
    "DataExfiltration": None,
    "CredentialsExposure": None,
}
TRUST_MAP = {
    "AssumableByComputeServices": None,  # an inventory fact; polgen has no rule for it
    "AssumableByCrossAccountPrincipal": ["missing-external-id", "trust-account-root"],
    "AssumableByAnyPrincipal": ["public-access"],
    "AssumableByAnyPrincipalWithConditions": None,
}
SECURITY_RULES = ["admin-access", "wildcard-action", "wildcard-resource", "not-action-allow",
                  "not-resource-allow", "pass-role-star", "privilege-escalation", "resource-policy-escalation", "missing-mfa",
                  "public-access", "missing-external-id", "trust-account-root", "confused-deputy",
                  "oidc-missing-sub", "oidc-missing-aud", "saml-missing-aud", "trust-missing-mfa"]

# Hand-written judgement, one line per case (who is right and why).
JUDGEMENTS = {
    "test_policy_file": "Agree on the substance (ECR write actions on `*`: CS InfrastructureModification = polgen `wildcard-resource`; no escalation). polgen is stricter with `missing-mfa` (info) on self-service `iam:CreateAccessKey` scoped to `${aws:username}`: defensible as a hardening hint, but CS is right that the statement is resource-constrained and exposes nothing. CS's CredentialsExposure for `ecr:GetAuthorizationToken` has no polgen counterpart.",
    "test_excluded_actions_scan_policy_file": "Agree: both report privilege escalation via `iam:CreateAccessKey` on `*` (polgen `privilege-escalation`, plus `missing-mfa` and `wildcard-resource`). CS's DataExfiltration (`s3:GetObject`) and CredentialsExposure (`iam:CreateAccessKey`) have no direct polgen rule; polgen only covers them indirectly through `wildcard-resource`.",
    "test_excluded_actions_scan_policy_file_v2": "Same policy as the previous case with a CS exclusions config that drops `s3:GetObject` from InfrastructureModification; polgen has no equivalent per-action exclusion here, so its findings are unchanged and it still agrees on every comparable category.",
    "test_gh_254_all_risky_actions_scan_policy": "Escalation agrees (`iam:UpdateAssumeRolePolicy` + `sts:AssumeRole`, polgen flags it even though the role ARN is specific, which is right: the method works on that role). The InfrastructureModification 'miss' is by construction: CS was run with `flag_resource_arn_statements=True`, which reports actions already scoped to ARNs; polgen's `wildcard-resource` is correctly silent because no statement uses `*`. Not a polgen defect.",
    "inline InlinePolicyForBidenGroup (group biden)": "Agree on the exposure: `s3:PutObjectAcl` on `*` lets the holder make any object public (CS ResourceExposure, polgen `resource-policy-escalation`, plus `wildcard-resource`). `s3:GetObject` on `*` (DataExfiltration) is only caught by `wildcard-resource`.",
    "trust of role OverprivilegedEC2": "Both are right and answer different questions: CS inventories that EC2 can assume the role (no polgen rule); polgen correctly raises nothing, since an `ec2.amazonaws.com` trust is normal and cannot carry `aws:SourceArn`. Not cross-account, not public: agree.",
    "Role MyOtherRole / InlinePolicyForTestingOverrides": "Agree: no escalation, no permissions-management action. `s3:GetObject`/`s3:PutObject` on `*`: CS reports DataExfiltration (no polgen rule), polgen reports `wildcard-resource`; both point at the same unconstrained statement.",
    "trust of role MyOtherRole (v2)": "Nothing to dispute: `ssm.amazonaws.com` is not a compute service for CS (empty list) and polgen raises nothing; polgen's `confused-deputy` checks trust policies only for services that send `aws:SourceArn` on AssumeRole (SSM is not among them), by design.",
    "Policy NotYourPolicy / NotYourPolicy": "CS is more specific: `ecr:*` on `*` includes `ecr:SetRepositoryPolicy`/`ecr:DeleteRepositoryPolicy` (ResourceExposure). polgen flags the policy loudly (`wildcard-action`, `wildcard-resource`) but `resource-policy-escalation` stays quiet on purpose when the policy already grants the whole service (`ecr:*`, which `wildcard-action` reports), so the exposure aspect is not named: a partial miss.",
    "Policy PolicyForTestingOverrides / PolicyForTestingOverrides": "Agree: no escalation or exposure. `s3:CreateBucket` on a named bucket is fine; `s3:GetObject`/`s3:PutObject` on `*` is CS DataExfiltration (no polgen rule) and polgen `wildcard-resource`.",
    "Role GOATRole / SsmOnboardingInlinePolicy": "Same document as MyOtherRole's inline policy; same outcome (agree; DataExfiltration not comparable, polgen `wildcard-resource`).",
    "trust of role GOATRole (v2)": "Same SSM-service trust as MyOtherRole; same outcome (CS: no compute service; polgen: no finding).",
}


def safe(s):
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", s)


def doc_of(d):
    if isinstance(d, str):
        d = json.loads(urllib.parse.unquote(d))
    return d


def extract(files_dir, out):
    """Write every policy document under out/{identity,trust}; return {relpath: description}."""
    written = {}

    def put(kind, name, doc):
        rel = f"{kind}/{safe(name)}.json"
        p = out / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(json.dumps(doc_of(doc), indent=2, sort_keys=False) + "\n")
        written[rel] = name
        return rel

    for f in sorted(files_dir.glob("*.json")):
        data = json.loads(f.read_text())
        if not isinstance(data, dict):
            continue
        stem = f.stem
        if "Statement" in data:  # a bare policy file
            put("identity", f"{stem}", data)
            continue
        for lst, nk, pk in (("UserDetailList", "UserName", "UserPolicyList"),
                            ("GroupDetailList", "GroupName", "GroupPolicyList"),
                            ("RoleDetailList", "RoleName", "RolePolicyList")):
            for ent in data.get(lst, []):
                who = f"{stem}__{lst[:-10].lower()}__{ent[nk]}"
                for pol in ent.get(pk) or []:
                    put("identity", f"{who}__inline__{pol['PolicyName']}", pol["PolicyDocument"])
                if "AssumeRolePolicyDocument" in ent:
                    put("trust", f"{who}__trust", ent["AssumeRolePolicyDocument"])
        for pol in data.get("Policies", []):
            for v in pol.get("PolicyVersionList", []):
                if v.get("IsDefaultVersion"):
                    put("identity", f"{stem}__managed__{pol['PolicyName']}", v["Document"])
    return written


def run_polgen(polgen, folder, kind):
    cmd = [str(polgen), "lint", "--no-config", "--format", "json", "--policy-type", kind, str(folder)]
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=folder.parent)
    if r.returncode not in (0, 1):
        sys.exit(f"polgen failed ({r.returncode}): {r.stderr}")
    rules = {}
    for fnd in json.loads(r.stdout)["findings"]:
        p = pathlib.Path(fnd["path"])
        key = f"{kind}/{p.name}"
        rules.setdefault(key, set()).add(fnd["rule"])
    return rules


def cs_flag(v):
    if isinstance(v, dict):
        v = v.get("findings", [])
    return bool(v)


def cs_summary(v):
    if isinstance(v, dict):
        v = v.get("findings", [])
    out = []
    for x in v:
        out.append(x["type"] if isinstance(x, dict) else str(x))
    return ", ".join(out) if out else "-"


def verdict(cs, pg):
    if pg is None:
        return "not comparable"
    if cs == pg:
        return "agree"
    return "polgen misses" if cs else "polgen stricter"


def build_cases(exp, files_dir, tmp):
    """[(case id, kind, relpath, expected {category: value}, note)]"""
    cases = []
    for i, c in enumerate(exp["scan_policy_cases"], 1):
        name = "scan_policy_" + c["source"].split("::")[-1]
        p = tmp / "identity" / f"{safe(name)}.json"
        p.write_text(json.dumps(c["policy"], indent=2) + "\n")
        res = {k: v for k, v in c["expected_results"].items() if k in IDENTITY_MAP}
        cases.append((c["source"].split("::")[-1], "identity", f"identity/{p.name}", res,
                      "; ".join(c["scan_call"])))
    scan = files_dir / "scanning"
    inl = json.loads((scan / "test_inline_policy_results.json").read_text())
    rel = "identity/" + safe("example-authz-details__group__biden__inline__" + inl["PolicyName"]) + ".json"
    cases.append((f"inline {inl['PolicyName']} (group biden)", "identity", rel,
                  {k: v for k, v in inl.items() if k in IDENTITY_MAP}, "test_inline_policy.py"))
    role = json.loads((scan / "test_role_detail_results.json").read_text())
    rel = "trust/" + safe("example-authz-details__role__" + role["name"] + "__trust") + ".json"
    cases.append((f"trust of role {role['name']}", "trust", rel,
                  {k: v for k, v in role.items() if k in TRUST_MAP}, "test_role_detail_list.py"))
    v2 = json.loads((scan / "test_authorization_file_details_missing_constraints_v2.json").read_text())
    for e in v2:
        name = f"v2__{e['Type']}__{e['Name']}__{e['PolicyName']}"
        p = tmp / "identity" / f"{safe(name)}.json"
        p.write_text(json.dumps(e["PolicyDocument"], indent=2) + "\n")
        cases.append((f"{e['Type']} {e['Name']} / {e['PolicyName']}", "identity", f"identity/{p.name}",
                      {k: e[k] for k in ("PrivilegeEscalation", "DataExfiltration", "ResourceExposure")},
                      "missing_constraints_v2 (authz details, per policy)"))
        if e.get("AssumeRolePolicyDocument"):
            p = tmp / "trust" / f"{safe(name)}__trust.json"
            p.write_text(json.dumps(e["AssumeRolePolicyDocument"], indent=2) + "\n")
            cases.append((f"trust of role {e['Name']} (v2)", "trust", f"trust/{p.name}",
                          {"AssumableByComputeServices": e["AssumableByComputeService"]},
                          "missing_constraints_v2"))
    return cases


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--polgen", default=str(ROOT / "target/release/polgen"))
    ap.add_argument("--corpus", default=os.environ.get("POLGEN_CORPUS", "/work/shared/corpus"))
    ap.add_argument("--no-write", action="store_true")
    a = ap.parse_args()
    base = pathlib.Path(a.corpus) / "peer-tests" / "cloudsplaining"
    exp = json.loads((base / "expected.json").read_text())
    with tempfile.TemporaryDirectory(prefix="polgen-cs-") as td:
        tmp = pathlib.Path(td) / "docs"
        written = extract(base / "files", tmp)
        cases = build_cases(exp, base / "files", tmp)
        found = {}
        for kind in ("identity", "trust"):
            found.update(run_polgen(a.polgen, tmp / kind, kind))
        ndocs = {k: len(list((tmp / k).glob("*.json"))) for k in ("identity", "trust")}

    rows, totals = [], {}
    for cid, kind, rel, res, note in cases:
        rules = found.get(rel, set())
        mp = IDENTITY_MAP if kind == "identity" else TRUST_MAP
        for cat in sorted(res):
            mapped = mp[cat]
            pg = None if mapped is None else bool(rules & set(mapped))
            v = verdict(cs_flag(res[cat]), pg)
            totals.setdefault(cat, {}).setdefault(v, 0)
            totals[cat][v] += 1
            rows.append((cid, kind, cat, cs_summary(res[cat]),
                         ", ".join(sorted(rules & set(mapped or []))) or "-", v))
        rows.append((cid, kind, "(all polgen security findings)", "", ", ".join(
            sorted(r for r in rules if r in SECURITY_RULES)) or "-", ""))
    others = {rel: sorted(found.get(rel, set()) & set(SECURITY_RULES)) for rel in sorted(written)}
    result = {"cases": rows, "totals": totals, "docs": ndocs, "others": others}
    if a.no_write:
        json.dump(result, sys.stdout, indent=1, default=list)
        return
    write_readme(exp, cases, rows, totals, ndocs, others, written)


def write_readme(exp, cases, rows, totals, ndocs, others, written):
    V = ["agree", "polgen misses", "polgen stricter", "not comparable"]
    L = []
    L.append("# polgen vs Cloudsplaining on Cloudsplaining's own fixtures\n")
    L.append("Generated by `bench/cloudsplaining/compare.py` (do not edit by hand; edit the "
             "`JUDGEMENTS`, `KEY_POINTS` or `PREAMBLE` in the script and re-run).\n")
    L.append(PREAMBLE.format(source=exp["source"], nid=ndocs["identity"], ntr=ndocs["trust"]))
    L.append("## Summary (one row per Cloudsplaining category; each cell counts case x category pairs)\n")
    L.append("| Cloudsplaining category | polgen rule(s) compared | " + " | ".join(V) + " |")
    L.append("|---|---|" + "---|" * len(V))
    allc = {v: 0 for v in V}
    for cat in sorted(totals):
        mp = IDENTITY_MAP.get(cat, TRUST_MAP.get(cat))
        L.append(f"| {cat} | {', '.join(mp) if mp else '*(no polgen rule)*'} | " +
                 " | ".join(str(totals[cat].get(v, 0)) for v in V) + " |")
        for v in V:
            allc[v] += totals[cat].get(v, 0)
    L.append("| **total** | | " + " | ".join(f"**{allc[v]}**" for v in V) + " |\n")
    L.append(KEY_POINTS)
    L.append("## Per case\n")
    for cid, kind, rel, res, note in cases:
        L.append(f"### {cid} ({kind})\n")
        L.append(f"Source: {note}. Document: `{rel}`.\n")
        L.append("| category | Cloudsplaining findings | polgen (mapped rules) | verdict |")
        L.append("|---|---|---|---|")
        for r in rows:
            if r[0] == cid and r[5]:
                L.append(f"| {r[2]} | {r[3]} | {r[4]} | {r[5]} |")
        allsec = [r for r in rows if r[0] == cid and not r[5]][0][4]
        L.append(f"\nAll polgen security findings on this document: {allsec}.\n")
        L.append(f"**Judgement:** {JUDGEMENTS.get(cid, '(none written)')}\n")
    L.append("## Documents without a Cloudsplaining expectation\n")
    L.append("Every other extracted document, with polgen's security findings (for reference; "
             "Cloudsplaining's tests state nothing about them, so these are not counted above).\n")
    L.append("| document | polgen security findings |")
    L.append("|---|---|")
    for rel in sorted(others):
        L.append(f"| `{rel}` | {', '.join(others[rel]) or '-'} |")
    (HERE / "README.md").write_text("\n".join(L) + "\n")


KEY_POINTS = """## Main disagreements

* **Resource exposure through ACL/resource-policy actions (real polgen gap).** `s3:PutObjectAcl` on
  `*` (InlinePolicyForBidenGroup; also the un-scored `InsecurePolicy`) and `ecr:SetRepositoryPolicy` /
  `ecr:DeleteRepositoryPolicy` via `ecr:*` (NotYourPolicy) are Cloudsplaining ResourceExposure;
  polgen only says `wildcard-resource` / `wildcard-action` and no polgen rule names the exposure.
* **ARN-scoped statements (by construction, not a defect).** In `test_gh_254` Cloudsplaining runs
  with `flag_resource_arn_statements=True` and reports every risky action even on specific ARNs;
  polgen's `wildcard-resource` rightly stays silent there. Escalation is still found by both.
* **Self-service access keys (polgen stricter, debatable).** `iam:CreateAccessKey` on
  `user/${aws:username}` gets polgen `missing-mfa` (info); Cloudsplaining does not flag it.
* **Not comparable.** DataExfiltration (9 pairs) and CredentialsExposure (5 pairs) have no polgen
  rule: polgen does not single out `s3:GetObject`, `ssm:GetParameter*`,
  `secretsmanager:GetSecretValue`, `ecr:GetAuthorizationToken`, `sts:AssumeRole`... It only
  reports them indirectly when they are on `*` (`wildcard-resource`). AssumableByComputeServices
  is an inventory fact with no polgen counterpart (polgen correctly raises nothing on EC2/SSM trusts).
* Privilege escalation and service wildcards: full agreement (9/9 and 5/5).
* The fixtures contain no cross-account, public or OIDC trust, so `missing-external-id`,
  `trust-account-root`, `public-access` and `oidc-*` are only tested as "both silent".

"""


PREAMBLE = """
## Provenance

* Peer: {source}; upstream files `test/files/**` and `test/command/test_scan_policy_file.py`,
  copied verbatim to `/work/shared/corpus/peer-tests/cloudsplaining/` (see `SOURCES.md`).
* Inputs: `get-account-authorization-details` JSON files plus Cloudsplaining's expected scan results
  (`files/scanning/*.json`), and 4 single-policy `scan_policy` cases (`expected.json`).
* Extracted: {nid} identity documents (inline and managed policies of users, groups and roles, the
  account's `Policies` list, bare policy files, the single-policy cases) and {ntr} trust documents
  (each role's `AssumeRolePolicyDocument`).

## How to run

    python3 bench/cloudsplaining/compare.py            # rewrites bench/cloudsplaining/README.md
    python3 bench/cloudsplaining/compare.py --no-write # prints the raw comparison as JSON

polgen runs once per kind: `polgen lint --no-config --format json --policy-type identity|trust <folder>`.
Cloudsplaining itself is not run; its upstream test expectations are the reference.

## Mapping

| Cloudsplaining | polgen | how close |
|---|---|---|
| PrivilegeEscalation | `privilege-escalation` | same idea (Rhino Security Labs methods) |
| ServiceWildcard | `wildcard-action`, `admin-access` | same idea |
| ResourceExposure | `resource-policy-escalation`, `missing-mfa` | close: polgen names actions that write a resource's policy, ACL or grants (unless the policy grants the whole service) and permissions-management/credential actions without MFA; Cloudsplaining flags every permissions-management action without resource constraints |
| InfrastructureModification | `wildcard-resource` | approximate: Cloudsplaining flags every write action not constrained to an ARN; polgen flags actions that support resource-level permissions granted on `"*"` |
| DataExfiltration | none | no polgen rule flags read actions such as `s3:GetObject`, `ssm:GetParameter*`, `secretsmanager:GetSecretValue` on `"*"` (apart from `wildcard-resource`, which is not counted here) |
| CredentialsExposure | none | no polgen rule lists actions that return credentials (`ecr:GetAuthorizationToken`, `sts:AssumeRole`, `iam:CreateAccessKey`); `missing-mfa`/`privilege-escalation` only partly overlap |
| AssumableByComputeServices (trust) | none | Cloudsplaining reports *that* EC2/ECS/EKS/Lambda may assume the role (an inventory fact); polgen's nearest rule, `confused-deputy`, asks a different question (service principal without `aws:SourceArn`/`aws:SourceAccount`), so it is shown but not counted |
| AssumableByAnyPrincipalWithConditions (trust) | none | polgen's `public-access` deliberately stays silent when a condition limits the callers |
| AssumableByCrossAccountPrincipal (trust) | `missing-external-id`, `trust-account-root` | close |
| AssumableByAnyPrincipal (trust) | `public-access` | same idea |

Verdicts per case x category: **agree** (both flag or both silent), **polgen misses** (only
Cloudsplaining flags), **polgen stricter** (only polgen flags), **not comparable** (no polgen rule).
"""

if __name__ == "__main__":
    main()
