#!/usr/bin/env python3
"""Generated inputs for bench/scale.sh (never committed; default under /tmp/polgen-scale-bench).

    python3 bench/scale_gen.py KIND SIZE OUT

KIND: sids (one policy, SIZE statements with Sids, every 100th repeated), vault (SIZE path
blocks: globs, shadowed blocks, overridden denies, duplicates), files (a folder of SIZE small
policies in 100 subfolders), overrides (polgen.toml with SIZE [[overrides]] next to a folder of
1,000 policies), policy (one policy of about SIZE MB), trail (one CloudTrail file of about SIZE
MB of JSON, one role's S3/DynamoDB/SQS calls)."""
import json, os, sys


def statement(sid, i):
    return ('{"Sid":"%s","Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],'
            '"Resource":"arn:aws:s3:::bucket-%d/*"}' % (sid, i))


def policy(statements):
    return '{"Version":"2012-10-17","Statement":[\n' + ",\n".join(statements) + "\n]}\n"


def sids(n, out):
    st = [statement("Read%d" % i, i) for i in range(n)]
    st += [statement("Read%d" % i, n + i) for i in range(0, n, 100)]
    open(out, "w").write(policy(st))


def vault(n, out):
    with open(out, "w") as f:
        for i in range(n // 4):
            f.write('path "team-%d/+/+/*" {\n  capabilities = ["read"]\n}\n' % i)
            f.write('path "team-%d/*" {\n  capabilities = ["list"]\n}\n' % i)
            f.write('path "kv/app-%d/*" {\n  capabilities = ["deny"]\n}\n' % i)
            f.write('path "kv/app-%d/db" {\n  capabilities = ["read"]\n}\n' % i)
            if i % 10 == 0:
                f.write('path "kv/app-%d/db" {\n  capabilities = ["update"]\n}\n' % i)


def files(n, out):
    for i in range(n):
        d = os.path.join(out, "team-%d" % (i % 100))
        os.makedirs(d, exist_ok=True)
        second = "A" if i % 3 == 0 else "B"
        open(os.path.join(d, "policy-%d.json" % i), "w").write(
            policy([statement("A", i), statement(second, i)]))


def overrides(n, out):
    files(1000, os.path.join(out, "policies"))
    with open(os.path.join(out, "polgen.toml"), "w") as f:
        for i in range(n):
            sev = "error" if i % 2 else "info"
            f.write('[[overrides]]\npaths = ["policies/team-%d/**"]\nseverity = { duplicate-sid = "%s" }\n'
                    % (i, sev))


def big_policy(mb, out):
    target = mb * 1024 * 1024
    st, size, i = [], 0, 0
    while size < target:
        s = statement("S%d" % i, i)
        st.append(s)
        size += len(s) + 2
        i += 1
    open(out, "w").write(policy(st))


def trail(mb, out):
    target = mb * 1024 * 1024
    role = "arn:aws:iam::111122223333:role/app"
    calls = [("s3.amazonaws.com", "GetObject", {"bucketName": "app-data", "key": "in/%d.csv"}),
             ("s3.amazonaws.com", "PutObject", {"bucketName": "app-data", "key": "out/%d.csv"}),
             ("dynamodb.amazonaws.com", "GetItem", {"tableName": "orders"}),
             ("sqs.amazonaws.com", "SendMessage",
              {"queueUrl": "https://sqs.eu-west-1.amazonaws.com/111122223333/jobs"})]
    with open(out, "w") as f:
        f.write('{"Records":[\n')
        size, i = 0, 0
        while size < target:
            source, name, params = calls[i % len(calls)]
            params = {k: (v % i if "%d" in v else v) for k, v in params.items()}
            rec = {"eventVersion": "1.09",
                   "userIdentity": {"type": "AssumedRole", "arn": "arn:aws:sts::111122223333:assumed-role/app/s",
                                    "accountId": "111122223333",
                                    "sessionContext": {"sessionIssuer": {"type": "Role", "arn": role,
                                                                         "accountId": "111122223333", "userName": "app"}}},
                   "eventTime": "2024-05-01T%02d:%02d:%02dZ" % (i // 3600 % 24, i // 60 % 60, i % 60),
                   "eventSource": source, "eventName": name, "awsRegion": "eu-west-1",
                   "requestParameters": params, "eventID": "%012d" % i, "readOnly": name.startswith("Get"),
                   "eventType": "AwsApiCall", "recipientAccountId": "111122223333"}
            line = ("," if i else "") + json.dumps(rec) + "\n"
            f.write(line)
            size += len(line)
            i += 1
        f.write("]}\n")


def main():
    kind, size, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    {"sids": sids, "vault": vault, "files": files, "overrides": overrides,
     "policy": big_policy, "trail": trail}[kind](size, out)


if __name__ == "__main__":
    main()
