"""Rebuilds testdata/trail/s3-layout from the stratus-red-team secrets file (see PROVENANCE.md):
the same events, re-wrapped as CloudTrail delivers them to S3 ({"Records": [...]}, gzip,
AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/), split into two files. Deterministic."""
import gzip, json, os

here = os.path.dirname(os.path.abspath(__file__))
events = json.load(open(os.path.join(here, "stratus/aws.credential-access.secretsmanager-retrieve-secrets.json")))
events.sort(key=lambda e: e["eventTime"])
half = len(events) // 2
for part, chunk in enumerate([events[:half], events[half:]]):
    first = chunk[0]
    acct, region, t = first["recipientAccountId"], first["awsRegion"], first["eventTime"]
    folder = os.path.join(here, "s3-layout/AWSLogs", acct, "CloudTrail", region, t[:4], t[5:7], t[8:10])
    os.makedirs(folder, exist_ok=True)
    name = f"{acct}_CloudTrail_{region}_{t[:4]}{t[5:7]}{t[8:10]}T{t[11:13]}{t[14:16]}Z_part{part}.json.gz"
    with open(os.path.join(folder, name), "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
            f.write(json.dumps({"Records": chunk}, separators=(",", ":")).encode())
