"""Availability of each component: one instance, the ceiling a fleet of a kind reaches, managed products.

A self-run component of n instances is up when any instance is: 1 − (1 − a)ⁿ with a = one instance's
availability. Redundancy cannot beat failures that hit every instance at once (a bad deploy, a config
push, a failover that stalls writes), so the result is multiplied by the kind's fleet ceiling.
Managed products and third parties count at what their provider promises (its SLA).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Availability:
    value: float
    reason: str


INSTANCE = Availability(0.995, "one VM or process, crashes and restarts included (EC2's instance-level SLA is"
                               " 99.5%)")
_STATELESS = Availability(0.9999, "a well-run stateless fleet: bad deploys and config pushes hit every instance"
                                  " at once, so redundancy stops helping near four nines")

FLEET_CEILING: dict[str, Availability] = {
    **{kind: _STATELESS for kind in ("service", "worker", "load_balancer", "api_gateway", "firewall",
                                     "stream_processor", "scheduler", "ml_model", "identity", "monitoring")},
    "sql_database": Availability(0.9995, "a primary failover stalls writes for 30–60 s a few times a year"
                                         " (RDS Multi-AZ promises 99.95%)"),
    "nosql_database": Availability(0.9999, "leaderless quorum stores ride through a node loss"),
    "key_value_store": Availability(0.9999, "replicated key-value stores ride through a node loss"),
    "cache": Availability(0.9999, "replicated cache shards fail over in seconds (ElastiCache Multi-AZ: 99.99%)"),
    "queue": Availability(0.9999, "replicated brokers fail over in seconds, inside producers' retry time"),
    "stream": Availability(0.9999, "partition leaders are re-elected in seconds (RF 3, min in-sync 2), inside"
                                   " producers' retry time"),
    "pubsub": Availability(0.9999, "replicated brokers fail over in seconds, inside publishers' retry time"),
    "object_storage": Availability(0.9999, "erasure-coded object stores ride through disk and node loss"),
    "file_storage": Availability(0.9995, "a name-node or metadata failover stalls the file system"),
    "search_index": Availability(0.9995, "cluster-state and master elections stall search clusters"),
    "graph_database": Availability(0.9995, "a leader failover stalls writes"),
    "time_series_database": Availability(0.9995, "a leader or ingester failover stalls writes"),
    "data_warehouse": Availability(0.999, "analytical clusters take maintenance windows"),
    "batch_processor": Availability(0.999, "batch clusters tolerate restarts, not uptime"),
    "coordination": Availability(0.9999, "a quorum of 3 or 5 survives a member loss; leader election takes"
                                         " seconds"),
}
DEFAULT_CEILING = _STATELESS

BY_KIND_MANAGED: dict[str, Availability] = {
    "cdn": Availability(0.999, "CloudFront's SLA is 99.9%; CDNs route around a failed point of presence"),
    "dns": Availability(0.99999, "anycast DNS (Route 53 promises 100%; count five nines)"),
    "function": Availability(0.9995, "Lambda's SLA is 99.95%"),
    "external": Availability(0.999, "third-party APIs commonly promise 99.9%"),
    "notification": Availability(0.999, "push and messaging providers commonly promise 99.9% or nothing"),
}
BY_TECH: dict[str, Availability] = {
    "s3": Availability(0.999, "S3 Standard's SLA is 99.9% (it is designed for 99.99%)"),
    "gcs": Availability(0.999, "Cloud Storage regional buckets promise 99.9%"),
    "dynamodb": Availability(0.9999, "DynamoDB's SLA is 99.99% (99.999% for global tables)"),
    "firestore": Availability(0.9999, "Firestore's regional SLA is 99.99%"),
    "bigquery": Availability(0.9999, "BigQuery's SLA is 99.99%"),
    "snowflake": Availability(0.999, "Snowflake promises 99.9%"),
    "sqs": Availability(0.999, "SQS's SLA is 99.9%"),
    "sns": Availability(0.999, "SNS's SLA is 99.9%"),
    "kinesis": Availability(0.999, "Kinesis Data Streams' SLA is 99.9%"),
    "pubsub": Availability(0.9995, "Pub/Sub's SLA is 99.95%"),
    "cloudfront": Availability(0.999, "CloudFront's SLA is 99.9%"),
    "route53": Availability(0.99999, "Route 53 promises 100%; count five nines"),
    "elb": Availability(0.9999, "Elastic Load Balancing's SLA is 99.99%"),
    "alb": Availability(0.9999, "Elastic Load Balancing's SLA is 99.99%"),
    "nlb": Availability(0.9999, "Elastic Load Balancing's SLA is 99.99%"),
    "aws_api_gateway": Availability(0.9995, "API Gateway's SLA is 99.95%"),
    "lambda": Availability(0.9995, "Lambda's SLA is 99.95%"),
    "cognito": Availability(0.999, "Cognito's SLA is 99.9%"),
    "aurora": Availability(0.9999, "Aurora Multi-AZ's SLA is 99.99%"),
    "spanner": Availability(0.9999, "Spanner's regional SLA is 99.99% (99.999% multi-region)"),
    "elasticache": Availability(0.9999, "ElastiCache Multi-AZ's SLA is 99.99%"),
    "msk": Availability(0.999, "MSK's SLA is 99.9%"),
}
