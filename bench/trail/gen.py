#!/usr/bin/env python3
"""Seeded generator of realistic CloudTrail logs in the S3 delivery layout, for benchmarks.

    python3 bench/trail/gen.py OUT_DIR [--files N] [--events-per-file N] [--seed N]

Writes OUT_DIR/AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_
<YYYYMMDDTHHMMZ>_<id>.json.gz, each {"Records":[...]} gzip as CloudTrail delivers it. Record
shapes follow the real events in ../shared/corpus/cloudtrail (userIdentity with sessionContext,
data events with resources[], management events, AWS service callers, errors). Many principals
(roles in several accounts, users, AWS services), many services. The same seed gives the same
files. Generated data stays out of git (default location /tmp/polgen-trail-bench)."""
import argparse, gzip, json, os, random

ACCOUNTS = ["111122223333", "444455556666", "777788889999", "123456789012", "210987654321"]
REGIONS = ["us-east-1", "eu-west-1", "eu-central-1", "ap-southeast-2"]
AGENTS = ["aws-sdk-go-v2/1.30.0 os/linux lang/go#1.22", "Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux#5.10 lang#python#3.12",
          "aws-cli/2.15.0 Python/3.11.6 Linux/5.10 exe/x86_64.amzn.2", "aws-sdk-java/2.25.0 Linux/5.10 OpenJDK_64-Bit_Server_VM"]


def calls(rng, account, region):
    """One call: (eventSource, eventName, requestParameters, resources, readOnly, data event)."""
    bucket = f"data-{account[-4:]}-{rng.randrange(8)}"
    key = f"{rng.choice(['in', 'out', 'tmp', 'logs'])}/{rng.randrange(2020, 2025)}/{rng.randrange(1, 13):02d}/part-{rng.randrange(10000):05d}.parquet"
    table = f"table-{rng.randrange(12)}"
    queue = f"https://sqs.{region}.amazonaws.com/{account}/queue-{rng.randrange(10)}"
    key_arn = f"arn:aws:kms:{region}:{account}:key/{rng.randrange(16**8):08x}-1234-5678-9abc-def012345678"
    kind = rng.random()
    if kind < 0.35:
        name = rng.choice(["GetObject", "GetObject", "PutObject", "HeadObject", "ListObjectsV2", "DeleteObject"])
        params = {"bucketName": bucket, "Host": f"{bucket}.s3.{region}.amazonaws.com"}
        res = [{"accountId": account, "type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{bucket}"}]
        if name != "ListObjectsV2":
            params["key"] = key
            res.insert(0, {"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::{bucket}/{key}"})
        else:
            params["list-type"] = "2"
            params["prefix"] = key.split("/")[0] + "/"
        return "s3", name, params, res, name != "PutObject" and name != "DeleteObject", True
    if kind < 0.50:
        name = rng.choice(["GetItem", "PutItem", "Query", "UpdateItem", "BatchWriteItem"])
        params = {"tableName": table, "key": {"pk": {"S": "HIDDEN_DUE_TO_SECURITY_REASONS"}}}
        if name == "Query" and rng.random() < 0.5:
            params["indexName"] = "by-date"
        return "dynamodb", name, params, None, name in ("GetItem", "Query"), True
    if kind < 0.60:
        return "kms", rng.choice(["Decrypt", "GenerateDataKey", "Encrypt"]), {"encryptionAlgorithm": "SYMMETRIC_DEFAULT", "encryptionContext": {"aws:s3:arn": f"arn:aws:s3:::{bucket}"}}, [{"accountId": account, "type": "AWS::KMS::Key", "ARN": key_arn}], True, False
    if kind < 0.68:
        return "sqs", rng.choice(["SendMessage", "ReceiveMessage", "DeleteMessage"]), {"queueUrl": queue}, None, False, True
    if kind < 0.75:
        return "sts", rng.choice(["AssumeRole", "GetCallerIdentity"]), {"roleArn": f"arn:aws:iam::{account}:role/role-{rng.randrange(40)}", "roleSessionName": f"s-{rng.randrange(10**6)}", "durationSeconds": 3600}, None, True, False
    if kind < 0.83:
        return "ec2", rng.choice(["DescribeInstances", "DescribeSecurityGroups", "DescribeVpcs", "DescribeSubnets"]), {"instancesSet": {}, "filterSet": {}}, None, True, False
    if kind < 0.88:
        return "lambda", rng.choice(["Invoke", "GetFunction20150331v2"]), {"functionName": f"arn:aws:lambda:{region}:{account}:function:fn-{rng.randrange(20)}"}, None, True, True
    if kind < 0.93:
        return "logs", "PutLogEvents", {"logGroupName": f"/app/svc-{rng.randrange(10)}", "logStreamName": f"2024/05/01/[$LATEST]{rng.randrange(16**8):08x}"}, None, False, True
    if kind < 0.97:
        return "ssm", rng.choice(["GetParameter", "GetParameters"]), {"name": f"/app/svc-{rng.randrange(10)}/param-{rng.randrange(5)}", "withDecryption": True}, None, True, False
    return "secretsmanager", "GetSecretValue", {"secretId": f"prod/svc-{rng.randrange(10)}"}, None, True, False


def event(rng, account, region, when):
    source, name, params, res, read_only, data = calls(rng, account, region)
    r = rng.random()
    if r < 0.85:
        role = f"role-{rng.randrange(40)}"
        identity = {"type": "AssumedRole", "principalId": f"AROA{rng.randrange(16**12):012X}:{rng.randrange(10**6)}",
                    "arn": f"arn:aws:sts::{account}:assumed-role/{role}/session-{rng.randrange(1000)}", "accountId": account,
                    "accessKeyId": f"ASIA{rng.randrange(16**12):012X}",
                    "sessionContext": {"sessionIssuer": {"type": "Role", "principalId": f"AROA{rng.randrange(16**12):012X}",
                                                         "arn": f"arn:aws:iam::{account}:role/{role}", "accountId": account, "userName": role},
                                       "attributes": {"creationDate": when, "mfaAuthenticated": "false"}}}
    elif r < 0.95:
        user = f"user-{rng.randrange(15)}"
        identity = {"type": "IAMUser", "principalId": f"AIDA{rng.randrange(16**12):012X}", "arn": f"arn:aws:iam::{account}:user/{user}",
                    "accountId": account, "accessKeyId": f"AKIA{rng.randrange(16**12):012X}", "userName": user}
    else:
        identity = {"type": "AWSService", "invokedBy": f"{source}.amazonaws.com"}
    e = {"eventVersion": "1.09", "userIdentity": identity, "eventTime": when, "eventSource": f"{source}.amazonaws.com",
         "eventName": name, "awsRegion": region, "sourceIPAddress": f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(256)}",
         "userAgent": rng.choice(AGENTS), "requestParameters": params, "responseElements": None,
         "additionalEventData": {"SignatureVersion": "SigV4", "CipherSuite": "TLS_AES_128_GCM_SHA256", "bytesTransferredIn": 0, "AuthenticationMethod": "AuthHeader", "x-amz-id-2": f"{rng.randrange(16**32):032x}", "bytesTransferredOut": rng.randrange(10**6)} if data else None,
         "requestID": f"{rng.randrange(16**16):016X}", "eventID": f"{rng.randrange(16**8):08x}-{rng.randrange(16**4):04x}-{rng.randrange(16**4):04x}-{rng.randrange(16**4):04x}-{rng.randrange(16**12):012x}",
         "readOnly": read_only, "eventType": "AwsApiCall", "managementEvent": not data, "recipientAccountId": account,
         "eventCategory": "Data" if data else "Management",
         "tlsDetails": {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256", "clientProvidedHostHeader": f"{source}.{region}.amazonaws.com"}}
    if res:
        e["resources"] = res
    if rng.random() < 0.03:
        e["errorCode"] = rng.choice(["AccessDenied", "NoSuchKey", "ThrottlingException"])
        e["errorMessage"] = "error"
    return e


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--files", type=int, default=300)
    ap.add_argument("--events-per-file", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    total = 0
    for i in range(a.files):
        account, region = ACCOUNTS[i % len(ACCOUNTS)], REGIONS[(i // len(ACCOUNTS)) % len(REGIONS)]
        day = 1 + (i // 20) % 28
        minute = (i * 5) % 1440
        stamp = f"2024-05-{day:02d}T{minute // 60:02d}:{minute % 60:02d}"
        folder = os.path.join(a.out, "AWSLogs", account, "CloudTrail", region, "2024", "05", f"{day:02d}")
        os.makedirs(folder, exist_ok=True)
        records = [event(rng, account, region, f"{stamp}:{rng.randrange(60):02d}Z") for _ in range(a.events_per_file)]
        name = f"{account}_CloudTrail_{region}_202405{day:02d}T{minute // 60:02d}{minute % 60:02d}Z_{rng.randrange(16**16):016x}.json.gz"
        with open(os.path.join(folder, name), "wb") as raw:
            with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="", compresslevel=6) as f:
                f.write(json.dumps({"Records": records}, separators=(",", ":")).encode())
        total += len(records)
    print(f"{a.files} files, {total} events in {a.out}")


if __name__ == "__main__":
    main()
