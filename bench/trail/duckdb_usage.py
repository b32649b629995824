#!/usr/bin/env python3
"""The DuckDB side of the comparison: the same aggregation `polgen suggest --role` makes (one
role's calls by event source, event name and resource ARN) with DuckDB's read_json over the
same gzip files. Prints the row count and the time.

    python3 bench/trail/duckdb_usage.py DIR ROLE_ARN [THREADS]
"""
import sys, time
import duckdb

folder, role = sys.argv[1], sys.argv[2]
threads = int(sys.argv[3]) if len(sys.argv) > 3 else 2
con = duckdb.connect()
con.execute(f"SET threads = {threads}")
started = time.time()
rows = con.execute(
    """
    WITH records AS (
      SELECT unnest(Records) AS r
      FROM read_json(?, format = 'auto', compression = 'gzip', maximum_object_size = 33554432,
                     columns = {'Records': 'STRUCT(eventSource VARCHAR, eventName VARCHAR, eventTime VARCHAR,
                                  errorCode VARCHAR, userIdentity JSON, resources JSON, requestParameters JSON)[]'})
    )
    SELECT r.eventSource, r.eventName, json_extract_string(res.value, '$.ARN') AS arn, count(*) AS calls,
           min(r.eventTime), max(r.eventTime)
    FROM records
    LEFT JOIN LATERAL (SELECT unnest(json_extract(r.resources, '$[*]')) AS value) res ON true
    WHERE json_extract_string(r.userIdentity, '$.sessionContext.sessionIssuer.arn') = ?
    GROUP BY ALL
    """,
    [f"{folder}/AWSLogs/*/CloudTrail/*/*/*/*/*.json.gz", role],
).fetchall()
print(f"duckdb {duckdb.__version__}: {len(rows)} (source, name, resource) rows in {time.time() - started:.2f} s with {threads} threads")
