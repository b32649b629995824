"""Writes synthetic/app-role.json: CloudTrail records of one role (and a few of others) calling
the services whose resources polgen extracts. Written for polgen's tests; the record shapes
follow the AWS CloudTrail documentation's examples (userIdentity, requestParameters, resources).
Deterministic: rerun to regenerate."""
import json, os

ACCOUNT = "111122223333"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/app"
REGION = "eu-west-1"


def identity(role_name="app", role_arn=ROLE):
    return {
        "type": "AssumedRole",
        "principalId": "AROAEXAMPLE:i-0abc",
        "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/{role_name}/i-0abc",
        "accountId": ACCOUNT,
        "sessionContext": {
            "sessionIssuer": {"type": "Role", "arn": role_arn, "accountId": ACCOUNT, "userName": role_name},
            "attributes": {"creationDate": "2024-05-01T00:00:00Z", "mfaAuthenticated": "false"},
        },
    }


records = []


def call(source, name, params=None, minute=0, resources=None, error=None, who=None, event_type="AwsApiCall"):
    r = {
        "eventVersion": "1.09",
        "userIdentity": who or identity(),
        "eventTime": f"2024-05-01T10:{minute:02d}:00Z",
        "eventSource": f"{source}.amazonaws.com",
        "eventName": name,
        "awsRegion": REGION,
        "sourceIPAddress": "10.0.0.1",
        "userAgent": "aws-sdk-go-v2/1.30.0",
        "requestParameters": params,
        "responseElements": None,
        "eventID": f"00000000-0000-0000-0000-{len(records):012d}",
        "readOnly": name.startswith(("Get", "List", "Describe", "Head")),
        "eventType": event_type,
        "managementEvent": source not in ("s3", "lambda", "dynamodb"),
        "recipientAccountId": ACCOUNT,
        "eventCategory": "Data" if source in ("s3", "lambda", "dynamodb") else "Management",
    }
    if resources:
        r["resources"] = resources
    if error:
        r["errorCode"] = error
        r["errorMessage"] = "User is not authorized to perform this operation"
    records.append(r)


for i, key in enumerate(["in/2024/01.csv", "in/2024/02.csv", "in/2024/03.csv", "config/settings.json"]):
    call("s3", "GetObject", {"bucketName": "app-data", "key": key, "Host": "app-data.s3.eu-west-1.amazonaws.com"}, i,
         [{"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::app-data/{key}"},
          {"accountId": ACCOUNT, "type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::app-data"}])
call("s3", "HeadObject", {"bucketName": "app-data", "key": "config/settings.json"}, 5)
call("s3", "PutObject", {"bucketName": "app-data", "key": "out/report.csv"}, 6)
call("s3", "ListObjectsV2", {"bucketName": "app-data", "prefix": "in/", "list-type": "2"}, 7)
call("s3", "DeleteObject", {"bucketName": "app-data", "key": "in/2024/01.csv"}, 8, error="AccessDenied")
call("dynamodb", "Query", {"tableName": "orders", "indexName": "by-customer", "keyConditionExpression": "c = :c"}, 9)
call("dynamodb", "GetItem", {"tableName": "orders", "key": {"id": {"S": "1"}}}, 10)
call("dynamodb", "PutItem", {"tableName": "orders", "item": {"id": {"S": "2"}}}, 11)
call("sqs", "SendMessage", {"queueUrl": f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/jobs", "messageBody": "HIDDEN_DUE_TO_SECURITY_REASONS"}, 12)
call("sqs", "ReceiveMessage", {"queueUrl": f"https://sqs.{REGION}.amazonaws.com/444455556666/shared-jobs"}, 13)
call("sns", "Publish", {"topicArn": f"arn:aws:sns:{REGION}:{ACCOUNT}:alerts", "message": "HIDDEN_DUE_TO_SECURITY_REASONS"}, 14)
call("lambda", "Invoke", {"functionName": "resize:live", "invocationType": "Event"}, 15)
call("lambda", "GetFunction20150331v2", {"functionName": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:resize"}, 16)
call("secretsmanager", "GetSecretValue", {"secretId": "prod/db"}, 17)
call("ssm", "GetParameter", {"name": "/app/db/host", "withDecryption": True}, 18)
call("ssm", "GetParameters", {"names": ["/app/db/user", "/app/db/port"], "withDecryption": True}, 19)
key_arn = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
call("kms", "Decrypt", {"encryptionAlgorithm": "SYMMETRIC_DEFAULT"}, 20,
     [{"accountId": ACCOUNT, "type": "AWS::KMS::Key", "ARN": key_arn}])
call("kms", "GenerateDataKey", {"keyId": "alias/app", "keySpec": "AES_256"}, 21,
     [{"accountId": ACCOUNT, "type": "AWS::KMS::Key", "ARN": key_arn}])
for i, stream in enumerate(["2024/05/01/[$LATEST]a", "2024/05/01/[$LATEST]b", "2024/05/01/[$LATEST]c"]):
    call("logs", "PutLogEvents", {"logGroupName": "/app/api", "logStreamName": stream}, 22 + i)
call("logs", "CreateLogStream", {"logGroupName": "/app/api", "logStreamName": "2024/05/01/[$LATEST]a"}, 25)
call("ecr", "GetAuthorizationToken", None, 26)
call("ecr", "BatchGetImage", {"repositoryName": "app", "registryId": ACCOUNT, "imageIds": [{"imageTag": "v1"}]}, 27)
call("states", "StartExecution", {"stateMachineArn": f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:nightly", "name": "run-1"}, 28)
call("events", "PutRule", {"name": "nightly", "scheduleExpression": "cron(0 2 * * ? *)"}, 29)
call("kinesis", "PutRecord", {"streamName": "clicks", "partitionKey": "p"}, 30)
call("lambda", "CreateFunction20150331", {"functionName": "thumbnail", "runtime": "python3.12", "role": f"arn:aws:iam::{ACCOUNT}:role/thumbnail-exec", "handler": "app.handler"}, 35)
call("ec2", "DescribeInstances", {"instancesSet": {}, "filterSet": {}}, 31)
call("sts", "GetCallerIdentity", None, 32)
call("s3", "FrobnicateBucket", {"bucketName": "app-data"}, 33)
call("sqs", "SendMessage", {"queueUrl": f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/other"}, 34,
     who=identity("other", f"arn:aws:iam::{ACCOUNT}:role/other"))
call("s3", "GetObject", {"bucketName": "app-data", "key": "late.csv"}, 59)
records[-1]["eventTime"] = "2024-05-03T00:00:00Z"

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "app-role.json"), "w") as f:
    json.dump({"Records": records}, f, indent=1)
    f.write("\n")
