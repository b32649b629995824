#!/usr/bin/env python3
"""Writes the usage aggregate `polgen usage-query` asks Athena for, computed here in plain
Python over local CloudTrail records, as Athena saves a result: CSV, a header, every field in
double quotes, quotes doubled, NULL as an empty field.

It follows the SQL, not polgen's Rust code, so that `suggest --usage` and `suggest --cloudtrail`
agreeing is a real check: the caller test, API calls only, refused calls out (error codes
containing AccessDenied, Unauthorized or Forbidden, or AuthFailure), one count per distinct
eventID, grouped by (source, name, region, account, resource ARNs, request parameters).

    python3 make_usage.py --user arn:aws:iam::123456789123:user/pedro \
        ../trail/otrf/ec2_proxy_s3_exfiltration_2020-09-14011940.json > otrf-pedro.csv
"""

import argparse
import csv
import json
import re
import sys

COLUMNS = ["event_source", "event_name", "aws_region", "account_id", "resource_arns",
           "request_parameters", "calls", "first_seen", "last_seen"]


def records(path):
    text = open(path, encoding="utf-8").read().lstrip("\ufeff").strip()
    try:
        whole = json.loads(text)
    except json.JSONDecodeError:
        for line in text.splitlines():
            if line.strip():
                yield json.loads(line)
        return
    if isinstance(whole, dict) and "Records" in whole:
        yield from whole["Records"]
    elif isinstance(whole, list):
        yield from whole
    else:
        yield whole


def is_caller(event, role, user):
    identity = event.get("userIdentity") or {}
    if user:
        return identity.get("arn") == user
    account, name = re.match(r"arn:[^:]+:iam::(\d+):role/(?:.*/)?([^/]+)$", role).groups()
    issuer = ((identity.get("sessionContext") or {}).get("sessionIssuer") or {}).get("arn") or ""
    if issuer == role or re.fullmatch(rf"arn:[^:]*:iam::{account}:role/(.*/)?{re.escape(name)}", issuer):
        return True
    return bool(re.fullmatch(rf"arn:[^:]*:sts::{account}:assumed-role/{re.escape(name)}/.*",
                             identity.get("arn") or ""))


def refused(code):
    return code is not None and (any(p in code for p in ("AccessDenied", "Unauthorized", "Forbidden"))
                                 or code == "AuthFailure")


def main():
    ap = argparse.ArgumentParser()
    who = ap.add_mutually_exclusive_group(required=True)
    who.add_argument("--role")
    who.add_argument("--user")
    ap.add_argument("--since")
    ap.add_argument("--until")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    distinct = set()
    for path in args.files:
        for e in records(path):
            if not isinstance(e, dict) or not is_caller(e, args.role, args.user):
                continue
            kind = e.get("eventType")
            if not (kind == "AwsApiCall" or (kind is None and e.get("eventSource") != "signin.amazonaws.com")):
                continue
            if refused(e.get("errorCode")):
                continue
            time = e.get("eventTime") or ""
            if args.since and time[:19] < args.since:
                continue
            if args.until and time[:19] > args.until:
                continue
            account = e.get("recipientAccountId") or (e.get("userIdentity") or {}).get("accountId")
            resources = e.get("resources")
            arns = None
            if isinstance(resources, list):
                arns = " ".join(r.get("ARN") or r.get("arn") for r in resources
                                if isinstance(r, dict) and (r.get("ARN") or r.get("arn")))
            params = e.get("requestParameters")
            params = None if params is None else json.dumps(params, separators=(",", ":"), ensure_ascii=False)
            distinct.add((e.get("eventID"), time, e.get("eventSource"), e.get("eventName"),
                          e.get("awsRegion"), account, arns, params))
    groups = {}
    for (_, time, *key) in distinct:
        g = groups.setdefault(tuple(key), [0, None, None])
        g[0] += 1
        g[1] = time if g[1] is None or time < g[1] else g[1]
        g[2] = time if g[2] is None or time > g[2] else g[2]
    out = csv.writer(sys.stdout, quoting=csv.QUOTE_ALL, lineterminator="\n")
    out.writerow(COLUMNS)
    for key in sorted(groups, key=lambda k: tuple("" if v is None else v for v in k)):
        calls, first, last = groups[key]
        out.writerow(["" if v is None else v for v in key] + [calls, first, last])


if __name__ == "__main__":
    main()
