"""What a provider runs for you: it scales capacity itself, and for some stores its copies are its own.

A managed component has no instance count to size: the capacity table shows it as managed and the
review checks its account quotas instead of its instances. A third party (a payment network, APNs)
is not ours at all: its capacity and availability are what it promises.
"""

from __future__ import annotations

MANAGED_KINDS: dict[str, str] = {
    "cdn": "a CDN scales across its points of presence",
    "dns": "managed DNS answers from anycast resolvers worldwide",
    "function": "serverless functions scale per request, up to the account's concurrency quota",
}
THIRD_PARTY_KINDS: dict[str, str] = {
    "external": "a third party's capacity is its own; mind its rate limits",
    "notification": "push and messaging providers throttle per app and per device; mind their limits",
}
MANAGED_TECHS: dict[str, str] = {
    "s3": "S3 scales per prefix (3,500 writes/s and 5,500 reads/s each) by adding partitions",
    "gcs": "Cloud Storage scales its buckets automatically (ramp gradually past ~1K writes/s)",
    "dynamodb": "DynamoDB on-demand scales partitions (1K writes/s and 3K reads/s each) itself",
    "firestore": "Firestore scales itself (ramp traffic per the 500/50/5 rule)",
    "bigquery": "BigQuery allocates query slots per project",
    "snowflake": "Snowflake sizes virtual warehouses on demand",
    "sqs": "SQS standard queues have nearly unlimited throughput",
    "sns": "SNS scales per topic within account quotas",
    "kinesis": "Kinesis on-demand adds shards (1 MB/s or 1K records/s in each)",
    "pubsub": "Pub/Sub scales topics and subscriptions itself",
    "cloudfront": "CloudFront scales across its edge locations",
    "cloudflare": "Cloudflare scales across its edge network",
    "akamai": "Akamai scales across its edge network",
    "fastly": "Fastly scales across its edge network",
    "route53": "Route 53 answers from anycast name servers",
    "elb": "Elastic Load Balancing adds capacity as traffic grows",
    "alb": "an ALB scales its nodes with traffic (pre-warm for sudden spikes)",
    "nlb": "an NLB scales to millions of requests/s per zone",
    "aws_api_gateway": "API Gateway scales to the account's 10K requests/s quota (raisable)",
    "lambda": "Lambda scales to the account's concurrency quota (1,000 by default, raisable)",
    "cognito": "Cognito scales within per-API request quotas",
    "auth0": "Auth0 scales within its plan's rate limits",
    "okta": "Okta scales within its plan's rate limits",
    "datadog": "a SaaS monitoring service scales itself",
}
# Stores whose replicas are the provider's and priced into each stored GB: counted once.
COPIES_INCLUDED: dict[str, str] = {
    "s3": "S3 keeps copies across at least three zones inside its price per GB",
    "gcs": "Cloud Storage keeps its redundant copies inside its price per GB",
    "dynamodb": "DynamoDB replicates across three zones inside its price per GB",
    "firestore": "Firestore replicates inside its price per GB",
    "bigquery": "BigQuery replicates inside its price per GB",
    "snowflake": "Snowflake's storage layer replicates inside its price per GB",
    "aurora": "Aurora's storage keeps six copies across three zones, billed once",
    "spanner": "Spanner's replicas are priced into its storage",
}
