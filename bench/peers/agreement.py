#!/usr/bin/env python3
"""Agreement of polgen with five peer tools, measured on each peer's own test fixtures.

    python3 bench/peers/agreement.py [--polgen target/release/polgen] [--corpus DIR] [--json FILE]
    python3 bench/peers/agreement.py --diff BEFORE.json AFTER.json

Peers and fixtures: <corpus>/peer-tests/{checkov,cfn_nag,cloudsplaining,parliament,iam-policy-validator}
(default corpus: $POLGEN_CORPUS or ../shared/corpus next to the repository; provenance in its
SOURCES.md).  For every fixture case whose peer check has a polgen counterpart, the script runs
polgen (`lint --no-config --format json`), translates polgen's findings into the peer's terms
and counts

  agree         polgen says what the peer's test expects
  polgen misses the peer expects a finding polgen does not report
  polgen extras polgen reports something the peer's test says is not there

(a case with both a miss and an extra counts in both columns).  The peer-id -> polgen-rule
mappings are reused from the older single-peer tools (bench/peer_agreement.py,
bench/compare_parliament.py, bench/cloudsplaining/compare.py, the `aa_codes` of `polgen rules`,
crates/polgen_rules/tests/trust_corpus.rs); every mapping this script adds is marked NEW below and
listed in bench/peers/README.md.  Peer checks without a counterpart are listed as unmapped, never
counted.  Standard library only; deterministic output; about a second per binary.
"""
import argparse
import ast
import collections
import hashlib
import importlib.util
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
BENCH = ROOT / "bench"


# --------------------------------------------------------------------------------------------
# Reuse of the older tools' mappings
# --------------------------------------------------------------------------------------------

def _load_module(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _literal_assignments(path, names):
    """Top-level `NAME = <literal>` of a script that cannot be imported (it runs on import)."""
    tree = ast.parse(pathlib.Path(path).read_text())
    out = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if node.targets[0].id in names:
                out[node.targets[0].id] = ast.literal_eval(node.value)
    missing = set(names) - set(out)
    if missing:
        sys.exit(f"error: {path} no longer defines {sorted(missing)}")
    return out


_PA = _literal_assignments(BENCH / "peer_agreement.py", ["COUNTERPARTS", "CFN_NAG"])
PARLIAMENT = _load_module("compare_parliament", BENCH / "compare_parliament.py")
CLOUDSPLAINING = _load_module("cloudsplaining_compare", BENCH / "cloudsplaining" / "compare.py")

# Checkov check -> (polgen rules, where the mapping comes from).  None: no polgen counterpart.
CHECKOV_MAP = {cid: (rules, "bench/peer_agreement.py") for cid, rules in _PA["COUNTERPARTS"].items()}
_CS = CLOUDSPLAINING.IDENTITY_MAP
CHECKOV_MAP.update({
    # Checkov's Cloudsplaining-derived checks use Cloudsplaining's categories: reuse its mapping.
    "CKV_AWS_107": (_CS["CredentialsExposure"], "bench/cloudsplaining/compare.py (CredentialsExposure)"),
    "CKV_AWS_287": (_CS["CredentialsExposure"], "bench/cloudsplaining/compare.py (CredentialsExposure)"),
    "CKV_AWS_108": (_CS["DataExfiltration"], "bench/cloudsplaining/compare.py (DataExfiltration)"),
    "CKV_AWS_288": (_CS["DataExfiltration"], "bench/cloudsplaining/compare.py (DataExfiltration)"),
    # NEW: + admin-access (`*` on `*` is reported as admin-access alone), as bench/peer_agreement.py
    # already does for cfn_nag W12/W13 (`*` resource -> wildcard-resource, admin-access).
    "CKV_AWS_109": (_CS["ResourceExposure"] + ["admin-access"], "bench/cloudsplaining/compare.py (ResourceExposure = permissions management) + NEW admin-access"),
    "CKV_AWS_289": (_CS["ResourceExposure"] + ["admin-access"], "bench/cloudsplaining/compare.py (ResourceExposure = permissions management) + NEW admin-access"),
    "CKV_AWS_111": (_CS["InfrastructureModification"] + ["admin-access"], "bench/cloudsplaining/compare.py (InfrastructureModification = write) + NEW admin-access"),
    "CKV_AWS_290": (_CS["InfrastructureModification"] + ["admin-access"], "bench/cloudsplaining/compare.py (InfrastructureModification = write) + NEW admin-access"),
    # Trust checks, as judged in crates/polgen_rules/tests/trust_corpus.rs.
    "CKV_AWS_60": (["public-access"], "trust_corpus.rs (\"checkov CKV_AWS_60 fails it too\")"),
    "CKV_AWS_61": (["trust-account-root"], "trust_corpus.rs (\"checkov CKV_AWS_61 fails it too\")"),
    "CKV_AWS_358": (["oidc-missing-sub", "wildcard-without-like"], "trust_corpus.rs (GitHub OIDC fixtures; aud is not checked by Checkov)"),
    "CKV_AWS_393": (["oidc-missing-sub", "wildcard-without-like"], "trust_corpus.rs (GitHub OIDC fixtures; aud is not checked by Checkov)"),
    # cfn_nag F20 (SQS policy `*` action) -> wildcard-action, admin-access (bench/peer_agreement.py).
    "CKV_AWS_72": (_PA["CFN_NAG"]["F20"], "bench/peer_agreement.py (cfn_nag F20, same check)"),
    # NEW: resource policies open to any principal.
    "CKV_AWS_32": (["public-access"], "NEW (ECR policy public)"),
    "CKV_AWS_33": (["public-access"], "NEW (KMS key policy `*` principal)"),
    "CKV_AWS_70": (["public-access"], "NEW (S3 bucket policy any principal)"),
    "CKV_AWS_167": (["public-access"], "NEW (Glacier vault policy public)"),
    "CKV_AWS_168": (["public-access"], "NEW (SQS queue policy public)"),
    "CKV_AWS_169": (["public-access"], "NEW (SNS topic policy public)"),
    "CKV_AWS_301": (["public-access"], "NEW (Lambda permission public)"),
    "CKV_AWS_283": (["public-access"], "NEW (policy document grants any AWS principal)"),
    # No polgen counterpart.
    "CKV_AWS_274": (None, "managed AdministratorAccess attached by ARN: polgen does not resolve managed-policy ARNs"),
    "CKV_AWS_275": (None, "managed AdministratorAccess attached by ARN: polgen does not resolve managed-policy ARNs"),
    "CKV_AWS_93": (None, "S3 lockout of everyone but root: no polgen rule"),
    "CKV_AWS_273": (None, "IAM users exist (use SSO): no polgen rule"),
    "CKV_AWS_348": (None, "root access keys: not a policy"),
    "CKV_AWS_54": (None, "S3 block-public-policy setting: not a policy"),
})

# cfn_nag rule -> polgen rules.
CFN_NAG_MAP = {rid: (rules, "bench/peer_agreement.py") for rid, rules in _PA["CFN_NAG"].items()}
CFN_NAG_MAP.update({
    "W14": (["not-action-allow"], "NEW (Allow+NotAction on a trust policy; W15-W20 are mapped so)"),
    "F13": (["public-access"], "NEW (Lambda permission `*` principal)"),
    "F16": (["public-access"], "NEW (S3 bucket policy `*` principal)"),
    "F18": (["public-access"], "NEW (SNS topic policy `*` principal)"),
    "F21": (["public-access"], "NEW (SQS queue policy `*` principal)"),
    "F76": (["public-access"], "NEW (KMS key policy `*` principal)"),
    "F6": (None, "Allow+NotPrincipal: no polgen rule (Parliament NOTPRINCIPAL_WITH_ALLOW is 'later' too)"),
    "F7": (None, "Allow+NotPrincipal: no polgen rule"),
    "F8": (None, "Allow+NotPrincipal: no polgen rule"),
    "F9": (None, "Allow+NotPrincipal: no polgen rule"),
    "W43": (None, "managed AdministratorAccess attached by ARN: polgen does not resolve managed-policy ARNs"),
    "W44": (None, "elevated managed policy attached by ARN: polgen does not resolve managed-policy ARNs"),
    "W38": (None, "IoT policies: polgen does not lint AWS::IoT::Policy"),
    "W39": (None, "IoT policies: polgen does not lint AWS::IoT::Policy"),
})
# Every other cfn_nag rule of the fixtures (TLS, encryption, passwords, login profiles, ...) is
# not about access policies; listed as unmapped with this reason.
CFN_NAG_NOT_POLICY = "not an access-policy check"

# iam-policy-validator: Access Analyzer check types / finding codes -> polgen rules.  The
# `access_analyzer_codes` of `polgen rules --json` (read from the binary being measured) plus:
IPV_EXTRA = {
    "PASS_ROLE_WITH_STAR_IN_RESOURCE": (["pass-role-star"], "NEW (Access Analyzer security warning; same check as cfn_nag F38-F40 -> pass-role-star)"),
    "policy-analysis-CheckNoPublicAccess": (["public-access"], "trust_corpus.rs PEERS (\"Access Analyzer: CheckNoPublicAccess (agree)\")"),
    "policy-analysis-CheckAccessNotGrantedValidationException": ("<correctness errors>", "NEW (the policy failed IAM validation upstream -> any correctness rule of severity error)"),
}
IPV_UNMAPPED = {
    "EXTERNAL_PRINCIPAL": "access preview: a resource policy grants another account access; no polgen rule reports cross-account principals of resource policies",
    "policy-analysis-CheckAccessNotGranted": "custom check 'is action X granted' (--actions/--resources): polgen has no such query",
    "policy-analysis-CheckAccessNotGrantedInvalidParameterException": "Access Analyzer rejected the request for this resource type; not a policy finding",
}
# skill-evals/evaluations.json states its expectations in prose; translated here by hand:
# (eval index, fixture, [(what the eval expects, Access Analyzer code or None, polgen location, rules)]).
IPV_SKILL_EVALS = [
    (0, "skill-evals/invalid-and-wildcard-policies.yaml", [
        ("INVALID_ACTION error for the s3:GetObjekt typo", "INVALID_ACTION", "MyRole.Policies[0]", None),
        ("SECURITY_WARNING for the wildcard admin policy", None, "AdminEverything.PolicyDocument",
         ["admin-access"]),  # NEW: no Access Analyzer code is named; `*` on `*` is admin-access
    ]),
    (1, "skill-evals/public-bucket.yaml", [
        ("blocking finding for the S3 bucket policy that allows Principal \"*\"", "policy-analysis-CheckNoPublicAccess",
         "PublicBucketPolicy.PolicyDocument", None),
    ]),
]

# How cfn-policy-validator names a policy (resource name, policy name) -> polgen's location
# prefix (`LogicalId.Property`), per template (stem).  Read off the templates by hand.
IPV_ALIASES = {
    "test_file_2": {
        ("prod-app-artifacts", "BucketPolicy"): "ArtifactBucketPolicy.PolicyDocument",
        ("MyQueue", "QueuePolicy"): "MyQueuePolicy.PolicyDocument",
        ("CodePipelineServiceRole", "root"): "CodePipelineServiceRole.Policies[0]",
        ("CodePipelineServiceRole", "TrustPolicy"): "CodePipelineServiceRole.AssumeRolePolicyDocument",
        ("CodeBuildServiceRole", "root"): "CodeBuildServiceRole.Policies[0]",
        ("CodeBuildServiceRole", "TrustPolicy"): "CodeBuildServiceRole.AssumeRolePolicyDocument",
        ("MyIAMUser", "root"): "MyIAMUser.Policies[0]",
        ("MyIAMGroup", "root"): "MyIAMGroup.Policies[0]",
        ("MyPermissionSet", "InlinePolicy"): "MyPermissionSet.InlinePolicy",
        ("MyAccessPoint", "AccessPointPolicy"): "ArtifactBucketAccessPoint.Policy",
        ("MyMultiRegionAccessPoint", "MultiRegionAccessPointPolicy"): "ArtifactBucketMRAccessPoint.Policy",
        ("MySecret", "ResourcePolicy"): "MySecretResourcePolicy.ResourcePolicy",
        # No expectation names these two; the names only label their (agreeing) cases.
        ("MyManagedPolicy", "MyManagedPolicy"): "MyManagedPolicy.PolicyDocument",
        ("MyOrphanedPolicy", "MyOrphanedPolicy"): "MyOrphanedPolicy.PolicyDocument",
    },
    "public_access_test": {
        ("MyKey", "KeyPolicy"): "MyKey.KeyPolicy",
        ("testBucket", "BucketPolicy"): "ArtifactBucketPolicy.PolicyDocument",
        ("CodePipelineServiceRole", "TrustPolicy"): "CodePipelineServiceRole.AssumeRolePolicyDocument",
    },
    "check_access_not_granted_test": {
        ("MyBucket", "BucketPolicy"): "MyBucketPolicy.PolicyDocument",
    },
}


# --------------------------------------------------------------------------------------------
# polgen
# --------------------------------------------------------------------------------------------

class Polgen:
    def __init__(self, path):
        self.path = str(path)
        self.runs = 0

    def lint(self, *paths, cwd=None, policy_type=None):
        cmd = [self.path, "lint", "--no-config", "--format", "json"]
        if policy_type:
            cmd += ["--policy-type", policy_type]
        cmd += [str(p) for p in paths]
        self.runs += 1
        r = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd)
        if r.returncode not in (0, 1):
            sys.exit(f"error: {' '.join(cmd)} exited with {r.returncode}:\n{r.stderr}")
        return json.loads(r.stdout)

    def rules(self):
        r = subprocess.run([self.path, "rules", "--json"], capture_output=True, text=True, check=True)
        return json.loads(r.stdout)

    def version(self):
        r = subprocess.run([self.path, "--version"], capture_output=True, text=True)
        return r.stdout.strip()


def case(peer, cid, expected, got, missed, extra, **more):
    if missed and extra:
        verdict = "mixed"
    elif missed:
        verdict = "polgen misses"
    elif extra:
        verdict = "polgen extra"
    else:
        verdict = "agree"
    d = {"id": cid, "expected": expected, "polgen": got, "verdict": verdict,
         "missed": sorted(missed), "extra": sorted(extra)}
    d.update(more)
    return d


def summarize(cases):
    return {"cases": len(cases),
            "agree": sum(c["verdict"] == "agree" for c in cases),
            "polgen_misses": sum(bool(c["missed"]) for c in cases),
            "polgen_extras": sum(bool(c["extra"]) for c in cases)}


# --------------------------------------------------------------------------------------------
# Checkov
# --------------------------------------------------------------------------------------------

def tf_blocks(folder):
    """{(file name, line): address} of the first line of every resource/data block, per file."""
    out = {}
    files = [folder] if folder.is_file() else sorted(folder.glob("*.tf"))
    for f in files:
        if f.suffix != ".tf":
            continue
        for i, line in enumerate(f.read_text().splitlines(), 1):
            m = re.match(r'^\s*(resource|data)\s+"([\w-]+)"\s+"([\w-]+)"', line)
            if m:
                out.setdefault(f.name, []).append((i, f"{m.group(2)}.{m.group(3)}"))
    return out


def tf_unlinted(out, blocks):
    """{address: reason} for blocks polgen could not read: a whole file it could not parse, or
    the block holding a policy string that is not valid JSON (polgen reports `syntax-error`
    without a location path there)."""
    res = {}
    for f in out["findings"]:
        if f["rule"] != "syntax-error" or f.get("location_path"):
            continue
        name = pathlib.Path(f["path"]).name
        bl = blocks.get(name, [])
        why = "syntax-error: " + f["message"]
        if f["message"].startswith("invalid HCL"):
            for _, a in bl:
                res.setdefault(a, why + " (whole file)")
        else:
            prior = [a for ln, a in bl if ln <= f["line"]]
            if prior:
                res.setdefault(prior[-1], why)
    return res


def tf_address(path):
    """`module.m.data.aws_x.name["k"].policy.Statement[0]` -> `module.m.aws_x.name["k"]`."""
    parts = re.findall(r'(?:[^.\[]+)(?:\[[^\]]*\])*', path or "")
    out, i = [], 0
    while i + 1 < len(parts) and parts[i] == "module":
        out += parts[i:i + 2]
        i += 2
    if i < len(parts) and parts[i] == "data":
        i += 1
    if i + 1 < len(parts):
        out += parts[i:i + 2]
        return ".".join(out)
    return None


CFN_TYPES = {  # Checkov CloudFormation check -> resource types it scans, and the property it needs
    "CKV_AWS_62": ({"AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"}, r"\bPolicyDocument\b"),
    "CKV_AWS_63": ({"AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"}, r"\bPolicyDocument\b"),
    "CKV_AWS_107": ({"AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"}, r"\bPolicyDocument\b"),
    "CKV_AWS_109": ({"AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"}, r"\bPolicyDocument\b"),
    "CKV_AWS_111": ({"AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"}, r"\bPolicyDocument\b"),
    "CKV_AWS_40": ({"AWS::IAM::Policy"}, r"."),
    "CKV_AWS_60": ({"AWS::IAM::Role"}, r"AssumeRolePolicyDocument"),
    "CKV_AWS_61": ({"AWS::IAM::Role"}, r"AssumeRolePolicyDocument"),
}


def cfn_resources(path):
    """[(logical id, type, text of the resource)] of a CloudFormation template (JSON, or YAML
    read line by line: the fixtures use block style for `Resources`)."""
    text = pathlib.Path(path).read_text()
    try:
        doc = json.loads(text)
        return [(k, v.get("Type", ""), json.dumps(v)) for k, v in (doc.get("Resources") or {}).items()
                if isinstance(v, dict)]
    except ValueError:
        pass
    lines = text.splitlines()
    out, in_res, indent, cur = [], False, None, None
    for line in lines + ["EOF:"]:
        if not line.strip() or line.lstrip().startswith("#"):
            if cur:
                cur[2].append(line)
            continue
        ind = len(line) - len(line.lstrip())
        if ind == 0:
            if cur:
                out.append(cur)
                cur = None
            in_res = line.rstrip().rstrip(":") == "Resources"
            continue
        if not in_res:
            continue
        if indent is None:
            indent = ind
        m = re.match(r"^\s*['\"]?([A-Za-z0-9]+)['\"]?:\s*$", line)
        if ind == indent and m:
            if cur:
                out.append(cur)
            cur = [m.group(1), "", []]
            continue
        if cur:
            cur[2].append(line)
            t = re.match(r"^\s*Type:\s*['\"]?([A-Za-z0-9:]+)", line)
            if t and not cur[1] and ind > indent:
                cur[1] = t.group(1)
    return [(lid, typ, "\n".join(body)) for lid, typ, body in out]


def file_expectation(name):
    n = name.lower()
    if "unknown" in n:
        return None
    if "fail" in n:
        return "FAILED"
    if "pass" in n:
        return "PASSED"
    return None


def run_checkov(pg, corpus):
    base = corpus / "peer-tests" / "checkov"
    entries = json.loads((base / "expected.json").read_text())
    cases, unmapped = [], []
    tmp = tempfile.TemporaryDirectory(prefix="polgen-peers-ckv-")
    for e in entries:
        check = e["checks"][0]["check_id"]
        rules, origin = CHECKOV_MAP.get(check, (None, "no polgen counterpart known"))
        src = e["source_test"]
        if rules is None:
            unmapped.append({"check": check, "kind": e["kind"], "name": e["checks"][0]["check_name"],
                             "source_test": src, "reason": origin})
            continue
        rules = set(rules)

        def mk(cid, want, flagged, got_rules, **more):
            got = "FAILED" if flagged else "PASSED"
            return case("checkov", cid, want, got + (f" ({', '.join(sorted(got_rules))})" if got_rules else ""),
                        ["FAILED"] if want == "FAILED" and not flagged else [],
                        ["FAILED"] if want == "PASSED" and flagged else [],
                        check=check, rules=sorted(rules), source_test=src, **more)

        if e["kind"] in ("resource", "data") and "runner_tests" in e:
            for tname, t in sorted(e["runner_tests"].items()):
                for p in t["paths"]:
                    target = base / e["kind"] / p.lstrip("/")
                    out = pg.lint(target)
                    hit, other = collections.defaultdict(set), collections.defaultdict(set)
                    for f in out["findings"]:
                        a = tf_address(f.get("location_path"))
                        if a:
                            (hit if f["rule"] in rules else other)[a].add(f["rule"])
                    unlinted = tf_unlinted(out, tf_blocks(target))
                    for want, key in (("FAILED", "failing_resources"), ("PASSED", "passing_resources")):
                        for res in t.get(key, []):
                            a = tf_address(res)
                            bare = a.split(".", 2)[-1] if a.startswith("module.") else a
                            note = unlinted.get(a) or unlinted.get(bare)
                            cases.append(mk(f"{check} {e['kind']}/{p.lstrip('/')} {res}", want, bool(hit.get(a)), hit.get(a, set()),
                                            file=f"{e['kind']}/{p.lstrip('/')}", other_rules=sorted(other.get(a, set())),
                                            **({"not_linted": note} if note else {})))
        elif "inline_tests" in e:
            for t in e["inline_tests"]:
                path = base / t["file"]
                if path.suffix == ".tf":
                    out = pg.lint(path)
                else:  # Checkov's parsed-resource dict: lint the policy document it holds
                    conf = json.loads(path.read_text())
                    pol = (conf.get("policy") or conf.get("inline_policy"))[0]
                    doc = json.loads(pol) if isinstance(pol, str) else pol
                    tf = pathlib.Path(tmp.name) / (path.name.replace(".conf.json", ".json"))
                    tf.write_text(json.dumps(doc, indent=2) + "\n")
                    out = pg.lint(tf, policy_type="identity")
                allr = {f["rule"] for f in out["findings"]}
                got = allr & rules
                cases.append(mk(f"{check} {t['file']} ({t['test']})", t["expected"], bool(got), got, file=t["file"],
                                other_rules=sorted(allr - rules)))
        elif e["kind"] == "cloudformation":
            t = e["runner_tests"]["test_summary"]
            for d in t["dirs"]:
                folder = base / "cloudformation" / d
                files = sorted(p for p in folder.iterdir() if p.suffix in (".json", ".yml", ".yaml"))
                out = pg.lint(*files)
                hit = collections.defaultdict(set)  # (file name, logical id) -> rules
                other = collections.defaultdict(set)
                for f in out["findings"]:
                    k = (pathlib.Path(f["path"]).name, (f.get("location_path") or "").split(".")[0])
                    (hit if f["rule"] in rules else other)[k].add(f["rule"])
                if "failing_resources" in t:  # Checkov names the resources
                    where = {}
                    for p in files:
                        for lid, _typ, _ in cfn_resources(p):
                            where.setdefault(lid, p.name)
                    for want, key in (("FAILED", "failing_resources"), ("PASSED", "passing_resources")):
                        for res in t[key]:
                            lid = res.split(".")[-1]
                            fn = where.get(lid, "?")
                            got = hit.get((fn, lid), set())
                            cases.append(mk(f"{check} cloudformation/{d}/{fn} {lid}", want, bool(got), got,
                                            file=f"cloudformation/{d}/{fn}", other_rules=sorted(other.get((fn, lid), set()))))
                    continue
                # Only summary counts: the file names say PASSED/FAILED.  Per resource when the
                # resources the check scans add up to the summary, else per file.
                types, needs = CFN_TYPES.get(check, (set(), "."))
                per_res = []
                for p in files:
                    want = file_expectation(p.name)
                    if want is None:
                        continue
                    for lid, typ, body in cfn_resources(p):
                        if typ in types and re.search(needs, body):
                            per_res.append((p.name, lid, want))
                counts = collections.Counter(w for _, _, w in per_res)
                summ = t["summary"]
                if counts["FAILED"] == summ.get("failed") and counts["PASSED"] == summ.get("passed"):
                    for fn, lid, want in per_res:
                        got = hit.get((fn, lid), set())
                        cases.append(mk(f"{check} cloudformation/{d}/{fn} {lid}", want, bool(got), got,
                                        file=f"cloudformation/{d}/{fn}", granularity="resource (from file name)",
                                        other_rules=sorted(other.get((fn, lid), set()))))
                else:
                    for p in files:
                        want = file_expectation(p.name)
                        if want is None:
                            continue
                        got = set().union(*[r for (fn, _), r in hit.items() if fn == p.name] or [set()])
                        cases.append(mk(f"{check} cloudformation/{d}/{p.name}", want, bool(got), got,
                                        file=f"cloudformation/{d}/{p.name}", granularity="file (summary counts did not match the resources)"))
    tmp.cleanup()
    return cases, unmapped


# --------------------------------------------------------------------------------------------
# cfn_nag
# --------------------------------------------------------------------------------------------

def run_cfn_nag(pg, corpus):
    base = corpus / "peer-tests" / "cfn_nag"
    entries = json.loads((base / "expected.json").read_text())["cases"]
    cases, unmapped = [], {}
    templates = sorted({c["template"] for c in entries
                        if CFN_NAG_MAP.get(c["rule_id"], (None,))[0] and (base / c["template"]).is_file()})
    out = pg.lint(*templates, cwd=base) if templates else {"findings": []}
    by_tpl = collections.defaultdict(list)
    for f in out["findings"]:
        by_tpl[os.path.normpath(f["path"])].append(f)
    for c in entries:
        rules, origin = CFN_NAG_MAP.get(c["rule_id"], (None, CFN_NAG_NOT_POLICY))
        if rules is None:
            u = unmapped.setdefault(c["rule_id"], {"rule": c["rule_id"], "text": c["rule_text"].strip(),
                                                   "reason": origin, "cases": 0})
            u["cases"] += 1
            continue
        rules = set(rules)
        fs = by_tpl.get(os.path.normpath(c["template"]), [])
        got = {(f.get("location_path") or "").split(".")[0] for f in fs if f["rule"] in rules} - {""}
        want = set(c["expected_offending_logical_ids"])
        other = sorted({f"{(f.get('location_path') or '').split('.')[0] or '-'}: {f['rule']}" for f in fs
                        if f["rule"] not in rules and (f.get("location_path") or "").split(".")[0] in (want ^ got) | {""}})
        cases.append(case("cfn_nag", f"{c['rule_id']} {c['template'].split('/')[-1]}",
                          " ".join(sorted(want)) or "(none)", " ".join(sorted(got)) or "(none)",
                          want - got, got - want, rule=c["rule_id"], rules=sorted(rules),
                          template=c["template"], spec=c["spec"], it=c["it"], other_rules=other,
                          template_other=sorted({f"{(f.get('location_path') or '').split('.')[0] or '-'}: {f['rule']}"
                                                 for f in fs if f["rule"] not in rules})))
    return cases, sorted(unmapped.values(), key=lambda u: u["rule"])


# --------------------------------------------------------------------------------------------
# Cloudsplaining (bench/cloudsplaining/compare.py's extraction, cases and mapping)
# --------------------------------------------------------------------------------------------

def run_cloudsplaining(pg, corpus):
    cs = CLOUDSPLAINING
    base = corpus / "peer-tests" / "cloudsplaining"
    exp = json.loads((base / "expected.json").read_text())
    cases, unmapped = [], collections.Counter()
    with tempfile.TemporaryDirectory(prefix="polgen-peers-cs-") as td:
        tmp = pathlib.Path(td) / "docs"
        cs.extract(base / "files", tmp)
        built = cs.build_cases(exp, base / "files", tmp)
        found = {}
        for kind in ("identity", "trust"):
            pg.runs += 1
            found.update(cs.run_polgen(pg.path, tmp / kind, kind))
    for cid, kind, rel, res, note in built:
        rules = found.get(rel, set())
        mp = cs.IDENTITY_MAP if kind == "identity" else cs.TRUST_MAP
        for cat in sorted(res):
            mapped = mp[cat]
            if mapped is None:
                unmapped[cat] += 1
                continue
            want = cs.cs_flag(res[cat])
            hit = sorted(rules & set(mapped))
            cases.append(case("cloudsplaining", f"{cid} / {cat}",
                              cs.cs_summary(res[cat]) if want else "(none)",
                              ", ".join(hit) or "(none)",
                              [cat] if want and not hit else [], [cat] if hit and not want else [],
                              category=cat, rules=list(mapped), document=rel, source=note,
                              judgement=cs.JUDGEMENTS.get(cid, "")))
    un = [{"category": k, "pairs": n, "reason": "no polgen rule (bench/cloudsplaining/compare.py maps it to None)"}
          for k, n in sorted(unmapped.items())]
    for c in exp["authz_details_cases"]:
        if c["test"].endswith(("test_group_detail_list.py", "test_user_detail_list.py")):
            un.append({"category": c["test"], "pairs": 1,
                       "reason": "structure test (which policies a group/user has), no finding to compare"})
    return cases, un


# --------------------------------------------------------------------------------------------
# Parliament (bench/compare_parliament.py's mapping and verdict logic)
# --------------------------------------------------------------------------------------------

def run_parliament(pg, corpus):
    pm = PARLIAMENT
    base = corpus / "peer-tests" / "parliament"
    entries = json.loads((base / "expected.json").read_text())
    pg.runs += 1
    ours, _detail = pm.polgen_ids(pathlib.Path(pg.path), base, [e["file"] for e in entries])
    hand = json.loads((BENCH / "parliament_verdicts.json").read_text())
    cases, unmapped = [], collections.Counter()
    for e in entries:
        f = e["file"]
        rules = set(ours.get(f, []))
        if "expected_finding_ids" in e:
            ids = e["expected_finding_ids"]
        else:  # the upstream test pins a count only
            n = e["expected_finding_count"]
            if n:
                got = sorted(rules)
                cases.append(case("parliament", pathlib.Path(f).stem, f"{n} finding(s)", ", ".join(got) or "(none)",
                                  [] if got else [f"{n} finding(s)"], [], file=f,
                                  note="count-only expectation: agree when polgen reports anything",
                                  hand_verdict=hand.get(f, {}).get("verdict")))
                continue
            ids = []
        bad = [i for i in ids if pm.MAPPING.get(i, ()) in ((), pm.LATER)]
        for i in bad:
            unmapped[i] += 1
        comparable = [i for i in ids if i not in bad]
        if ids and not comparable:
            continue  # nothing the case asserts has a polgen counterpart
        missed, covered = [], set()
        for i in comparable:
            hit = rules & set(pm.MAPPING[i])
            covered |= hit
            if not hit:
                missed.append(i)
        # As compare_parliament.auto_verdict: every other polgen rule is an extra, except
        # missing-version (Parliament does not check Version).
        extra = rules - covered - {"missing-version"}
        cases.append(case("parliament", pathlib.Path(f).stem, ", ".join(ids) or "(none)", ", ".join(sorted(rules)) or "(none)",
                          missed, extra, file=f, unmapped_ids=bad,
                          auto_verdict=pm.auto_verdict(comparable, rules),
                          hand_verdict=hand.get(f, {}).get("verdict"), hand_why=hand.get(f, {}).get("why")))
    un = [{"finding_id": k, "fixtures": n,
           "reason": "later (issue 3): no polgen rule yet" if pm.MAPPING.get(k) == pm.LATER else "no polgen counterpart (compare_parliament.py MAPPING is empty)"}
          for k, n in sorted(unmapped.items())]
    return cases, un


# --------------------------------------------------------------------------------------------
# iam-policy-validator (IAM Access Analyzer through cfn-policy-validator)
# --------------------------------------------------------------------------------------------

POLICY_PROPS = ("PolicyDocument", "AssumeRolePolicyDocument", "KeyPolicy", "Policy", "InlinePolicy",
                "ResourcePolicy", "AccessPolicy", "PermissionsPolicyDocument", "RepositoryPolicyText")


def policy_key(location_path):
    m = re.match(r"^([A-Za-z0-9]+)\.(Policies\[\d+\]|[A-Za-z]+)", location_path or "")
    return f"{m.group(1)}.{m.group(2)}" if m else None


def json_policy_keys(doc):
    keys = []
    for lid, res in (doc.get("Resources") or {}).items():
        props = (res or {}).get("Properties") or {}
        for p in POLICY_PROPS:
            if isinstance(props.get(p), dict):
                keys.append(f"{lid}.{p}")
        for i, pol in enumerate(props.get("Policies") or []):
            if isinstance(pol, dict) and "PolicyDocument" in pol:
                keys.append(f"{lid}.Policies[{i}]")
    return keys


def ipv_params(argv):
    vals, it = {}, iter(argv or [])
    for a in it:
        if a == "--parameters":
            for v in it:
                if v.startswith("--"):
                    break
                k, _, val = v.partition("=")
                vals[k] = val
    return vals


def ipv_opt(argv, name):
    argv = argv or []
    out = []
    for i, a in enumerate(argv):
        if a == name and i + 1 < len(argv):
            out += [x.strip() for x in argv[i + 1].split(",")]
    return out


def ipv_template(src, params, tmpdir):
    """The template with `Ref` to the parameters the upstream test passes on its command line
    replaced by their values (polgen has no --parameters); the original when there are none."""
    if not params:
        return src
    text = src.read_text()
    if src.suffix == ".json":
        def sub(x):
            if isinstance(x, dict):
                if list(x) == ["Ref"] and x["Ref"] in params:
                    return params[x["Ref"]]
                return {k: sub(v) for k, v in x.items()}
            if isinstance(x, list):
                return [sub(v) for v in x]
            return x
        text = json.dumps(sub(json.loads(text)), indent=1)
    else:
        for k, v in params.items():
            text = re.sub(rf"!Ref\s+{re.escape(k)}\b", json.dumps(v), text)
    dst = pathlib.Path(tmpdir) / ("+".join(f"{k}={v}" for k, v in sorted(params.items())) + "__" + src.name)
    dst.write_text(text)
    return dst


def run_ipv(pg, corpus):
    base = corpus / "peer-tests" / "iam-policy-validator"
    entries = json.loads((base / "expected.json").read_text())
    rules_meta = pg.rules()
    code_map = {}
    for r in rules_meta:
        for c in r.get("access_analyzer_codes") or []:
            code_map.setdefault(c, set()).add(r["id"])
    if not code_map:
        sys.exit("error: `polgen rules --json` lists no access_analyzer_codes")
    correctness_errors = {r["id"] for r in rules_meta if r["category"] == "correctness" and r["severity"] == "error"}
    for c, (rules, _o) in IPV_EXTRA.items():
        code_map[c] = correctness_errors if rules == "<correctness errors>" else set(rules)
    validate_rules = set().union(*[v for k, v in code_map.items() if not k.startswith("policy-analysis-")])
    cases, unmapped = [], []
    cache = {}
    with tempfile.TemporaryDirectory(prefix="polgen-peers-ipv-") as td:
        for e in entries:
            tid = f"{e['test_class']}.{e['test']}" + (" (library)" if e.get("library_call") else "")
            tpl = base / e["template"][0]
            stem = tpl.stem
            aliases = IPV_ALIASES.get(stem, {})
            rev = {v: f"{r}/{p}" for (r, p), v in aliases.items()}
            argv = e.get("argv") or []
            command = argv[0] if argv else e.get("library_call")
            if e.get("library_call") == "validate" and not argv:
                # test_library.py calls validate() with the CLI test's parameters, ignore list
                # (MyIAMUser.PASS_ROLE_WITH_STAR_IN_RESOURCE), blocking types and allowed
                # external principal, positionally (not recorded in expected.json).
                argv = next((x["argv"] for x in entries if x.get("argv") and x["argv"][0] == "validate"
                             and x["template"] == e["template"]), [])
            params = ipv_params(argv)
            if command == "parse" or not e["expected_findings"] and command != "validate":
                if command == "parse" or e.get("expected_exit_code") == 0:
                    unmapped.append({"test": tid, "code": f"({command})", "target": stem,
                                     "reason": "parse only (no analysis)" if command == "parse"
                                     else "check-access-not-granted with nothing granted: no polgen query to compare"})
                continue
            key = (str(tpl), tuple(sorted(params.items())))
            if key not in cache:
                path = ipv_template(tpl, params, td)
                out = pg.lint(path)
                found = collections.defaultdict(set)
                for f in out["findings"]:
                    k = policy_key(f.get("location_path"))
                    if k:
                        found[k].add(f["rule"])
                cache[key] = (found, path)
            found, path = cache[key]
            want = collections.defaultdict(list)
            for x in e["expected_findings"]:
                ftype, code, res, pol = x["args"]
                if code not in code_map:
                    unmapped.append({"test": tid, "code": code, "target": f"{res}/{pol}",
                                     "reason": IPV_UNMAPPED.get(code, "no polgen counterpart")})
                    continue
                k = aliases.get((res, pol))
                if k is None:
                    sys.exit(f"error: no polgen location known for {stem}: {res}/{pol}; add it to IPV_ALIASES")
                want[k].append(code)
            n_exp = sum((e.get("expected_counts") or {}).values())
            exhaustive = command == "validate" and n_exp == len(e["expected_findings"])
            ignored = set(ipv_opt(argv, "--ignore-finding"))
            keys = set(want)
            if exhaustive:
                keys |= set(json_policy_keys(json.loads(tpl.read_text()))) if tpl.suffix == ".json" else set()
                keys |= {k for k, r in found.items() if r & validate_rules}
            for k in sorted(keys):
                codes = sorted(want.get(k, []))
                got = found.get(k, set())
                covered, missed = set(), []
                for c in codes:
                    hit = got & code_map[c]
                    covered |= hit
                    if not hit:
                        missed.append(c)
                extra = set()
                if exhaustive:
                    lid = k.split(".")[0]
                    drop = set().union(*[code_map.get(i.split(".", 1)[1], set()) for i in ignored
                                         if i.split(".", 1)[0] in (lid, rev.get(k, "").split("/")[0])] or [set()])
                    extra = (got & validate_rules) - covered - drop
                    drop &= got
                else:
                    drop = set()
                shown = sorted(got & (validate_rules if exhaustive else set().union(*[code_map[c] for c in codes] or [set()])) - drop)
                shown += [f"{r} (ignored: --ignore-finding)" for r in sorted(drop)]
                cases.append(case("iam-policy-validator", f"{tid} {rev.get(k, k)}",
                                  ", ".join(codes) or "(none)", ", ".join(shown) or "(none)",
                                  missed, extra, template=e["template"][0], polgen_location=k,
                                  exhaustive=exhaustive, linted=str(path.name)))
        evals = json.loads((base / "skill-evals" / "evaluations.json").read_text())
        for i, fixture, wants in IPV_SKILL_EVALS:
            out = pg.lint(base / fixture)
            found = collections.defaultdict(set)
            for f in out["findings"]:
                k = policy_key(f.get("location_path"))
                if k:
                    found[k].add(f["rule"])
            for what, code, k, rules in wants:
                rules = set(rules) if rules else code_map[code]
                hit = found.get(k, set()) & rules
                cases.append(case("iam-policy-validator", f"skill-eval {i + 1} {k}", f"{code or 'SECURITY_WARNING'} ({what})",
                                  ", ".join(sorted(hit)) or "(none)", [] if hit else [code or what], [],
                                  template=fixture, polgen_location=k, exhaustive=False,
                                  query=evals[i]["query"], note="expectation translated by hand from evaluations.json prose"))
        for i, ev in enumerate(evals):
            if i not in {x[0] for x in IPV_SKILL_EVALS}:
                unmapped.append({"test": f"skill-eval {i + 1}", "code": "(parse)", "target": ev["files"][0],
                                 "reason": "parse only (no analysis)"})
    return cases, unmapped


# --------------------------------------------------------------------------------------------

PEERS = [("checkov", run_checkov), ("cfn_nag", run_cfn_nag), ("cloudsplaining", run_cloudsplaining),
         ("parliament", run_parliament), ("iam-policy-validator", run_ipv)]


def unmapped_ids(peer, unmapped):
    key = {"checkov": "check", "cfn_nag": "rule", "cloudsplaining": "category",
           "parliament": "finding_id", "iam-policy-validator": "code"}[peer]
    return sorted({u[key] for u in unmapped})


def polgen_cell(c):
    txt = c["polgen"]
    if c.get("not_linted"):
        txt += f"; not linted ({c['not_linted']})"
    elif c["verdict"] != "agree" and c.get("other_rules"):
        txt += f"; other polgen findings: {', '.join(c['other_rules'])}"
    return txt.replace("|", "\\|")


def markdown(result):
    L = [f"# polgen agreement with peer tools' own fixtures", "",
         f"polgen: `{result['polgen']}` ({result['polgen_version']}, sha256 {result['polgen_sha256'][:12]}), {result['polgen_runs']} polgen runs", "",
         "| peer | cases with a polgen counterpart | agree | polgen misses | polgen extras | unmapped peer checks |",
         "|---|---|---|---|---|---|"]
    for name, p in result["peers"].items():
        s = p["summary"]
        L.append(f"| {name} | {s['cases']} | {s['agree']} | {s['polgen_misses']} | {s['polgen_extras']} | {len(p['unmapped_ids'])} |")
    for name, p in result["peers"].items():
        dis = [c for c in p["cases"] if c["verdict"] != "agree"]
        L += ["", f"## {name}: {len(dis)} disagreement(s)", ""]
        if dis:
            L += ["| case | expected | polgen | verdict |", "|---|---|---|---|"]
            for c in dis:
                L.append(f"| {c['id']} | {c['expected'].replace('|', '/')} | {polgen_cell(c)} | {c['verdict']} |")
        L += ["", f"Unmapped ({len(p['unmapped_ids'])}): " + (", ".join(f"`{i}`" for i in p["unmapped_ids"]) or "none")]
    return "\n".join(L) + "\n"


def diff(before, after):
    L = []
    for name in after["peers"]:
        b = {c["id"]: c for c in before["peers"].get(name, {}).get("cases", [])}
        a = {c["id"]: c for c in after["peers"][name]["cases"]}
        sb, sa = before["peers"].get(name, {}).get("summary", {}), after["peers"][name]["summary"]
        L.append(f"## {name}: agree {sb.get('agree')}/{sb.get('cases')} -> {sa['agree']}/{sa['cases']}, "
                 f"misses {sb.get('polgen_misses')} -> {sa['polgen_misses']}, extras {sb.get('polgen_extras')} -> {sa['polgen_extras']}")
        for cid in sorted(set(a) | set(b)):
            x, y = b.get(cid), a.get(cid)
            if not x or not y or (x["verdict"], x["polgen"]) != (y["verdict"], y["polgen"]):
                L.append(f"- {cid}: expected {(y or x)['expected']}; before {x['polgen'] + ' [' + x['verdict'] + ']' if x else '-'}; "
                         f"after {y['polgen'] + ' [' + y['verdict'] + ']' if y else '-'}")
            else:
                for k, what in (("other_rules", "on it"), ("template_other", "in its template")):
                    if x.get(k) != y.get(k):
                        gone = sorted(set(x.get(k) or []) - set(y.get(k) or []))
                        new = sorted(set(y.get(k) or []) - set(x.get(k) or []))
                        L.append(f"- {cid}: verdict unchanged ({y['verdict']}); polgen's unmapped findings {what}: "
                                 f"lost {', '.join(gone) or '-'}; new {', '.join(new) or '-'}")
                        break
    return "\n".join(L) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--polgen", default=str(ROOT / "target" / "release" / "polgen"))
    ap.add_argument("--corpus", default=os.environ.get("POLGEN_CORPUS", str(ROOT.parent / "shared" / "corpus")))
    ap.add_argument("--json", metavar="FILE", help="also write the full result as JSON")
    ap.add_argument("--peer", action="append", choices=[n for n, _ in PEERS], help="only these peers")
    ap.add_argument("--diff", nargs=2, metavar=("BEFORE", "AFTER"), help="compare two --json results")
    a = ap.parse_args()
    if a.diff:
        sys.stdout.write(diff(*(json.loads(pathlib.Path(p).read_text()) for p in a.diff)))
        return 0
    corpus = pathlib.Path(a.corpus)
    if not (corpus / "peer-tests").is_dir():
        sys.exit(f"error: no peer-tests under {corpus} (set --corpus or POLGEN_CORPUS)")
    if not os.path.isfile(a.polgen):
        sys.exit(f"error: {a.polgen} not found")
    pg = Polgen(os.path.abspath(a.polgen))
    sha = hashlib.sha256(pathlib.Path(pg.path).read_bytes()).hexdigest()
    result = {"polgen": a.polgen, "polgen_version": pg.version(), "polgen_sha256": sha, "corpus": str(corpus), "peers": {}}
    for name, fn in PEERS:
        if a.peer and name not in a.peer:
            continue
        cases, unmapped = fn(pg, corpus)
        result["peers"][name] = {"summary": summarize(cases), "cases": cases, "unmapped": unmapped,
                                 "unmapped_ids": unmapped_ids(name, unmapped)}
    result["polgen_runs"] = pg.runs
    result["mappings"] = {
        "checkov": {k: {"rules": v[0], "origin": v[1]} for k, v in sorted(CHECKOV_MAP.items())},
        "cfn_nag": {k: {"rules": v[0], "origin": v[1]} for k, v in sorted(CFN_NAG_MAP.items())},
        "cloudsplaining": {**CLOUDSPLAINING.IDENTITY_MAP, **CLOUDSPLAINING.TRUST_MAP},
        "parliament": {k: (list(v) if v != PARLIAMENT.LATER else v) for k, v in PARLIAMENT.MAPPING.items()},
        "iam-policy-validator": {"access_analyzer_codes": "from `polgen rules --json`",
                                 **{k: {"rules": v[0], "origin": v[1]} for k, v in IPV_EXTRA.items()},
                                 **{k: {"rules": None, "origin": v} for k, v in IPV_UNMAPPED.items()}},
    }
    sys.stdout.write(markdown(result))
    if a.json:
        pathlib.Path(a.json).write_text(json.dumps(result, indent=1, default=sorted) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
