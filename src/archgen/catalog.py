"""The catalogue: generic component kinds and specific technologies, each with its `diagrams` icon.

Icons are named by `diagrams` class path ("onprem.inmemory.Redis"); only render/icons.py turns
them into files. Roles drive analysis (what is a store, a queue, an entry point).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    CLIENT = "client"
    EDGE = "edge"
    COMPUTE = "compute"
    CACHE = "cache"
    QUEUE = "queue"
    STORE = "store"
    EXTERNAL = "external"


@dataclass(frozen=True)
class Kind:
    name: str
    icon: str
    role: Role
    description: str


@dataclass(frozen=True)
class Tech:
    """A product, or a way of building one. Languages, frameworks and platforms (`draws_icon=False`)
    say how a component is built, not what it is: the component keeps its kind's icon and shows
    the tech as text, so six Java services do not become six identical coffee cups."""

    name: str
    icon: str
    label: str
    kind: str
    draws_icon: bool = True


KINDS: dict[str, Kind] = {k.name: k for k in [
    Kind("client", "onprem.client.Client", Role.CLIENT, "a generic client program"),
    Kind("users", "onprem.client.Users", Role.CLIENT, "people using the system"),
    Kind("mobile", "generic.device.Mobile", Role.CLIENT, "a mobile app"),
    Kind("browser", "azure.general.Browser", Role.CLIENT, "a web browser or single-page app"),
    Kind("dns", "gcp.network.DNS", Role.EDGE, "name resolution, geo-routing, failover"),
    Kind("cdn", "gcp.network.CDN", Role.EDGE, "edge cache for static and media content"),
    Kind("load_balancer", "gcp.network.LoadBalancing", Role.EDGE, "spreads traffic over instances (L4/L7)"),
    Kind("api_gateway", "gcp.api.APIGateway", Role.EDGE, "auth, routing, rate limiting at the entry"),
    Kind("firewall", "generic.network.Firewall", Role.EDGE, "network or web-application firewall"),
    Kind("service", "onprem.compute.Server", Role.COMPUTE, "a stateless application service"),
    Kind("worker", "gcp.compute.ComputeEngine", Role.COMPUTE, "a background consumer or batch job"),
    Kind("function", "gcp.compute.Functions", Role.COMPUTE, "a serverless function"),
    Kind("scheduler", "gcp.devtools.Scheduler", Role.COMPUTE, "triggers jobs on a schedule"),
    Kind("stream_processor", "onprem.analytics.Flink", Role.COMPUTE, "continuous computation over a stream"),
    Kind("batch_processor", "onprem.analytics.Spark", Role.COMPUTE, "large offline computation"),
    Kind("ml_model", "gcp.ml.AIPlatform", Role.COMPUTE, "a model served for inference"),
    Kind("cache", "gcp.database.Memorystore", Role.CACHE, "in-memory key-value cache"),
    Kind("queue", "gcp.analytics.Pubsub", Role.QUEUE, "a message queue (each message to one consumer)"),
    Kind("stream", "onprem.queue.Kafka", Role.QUEUE, "a durable, replayable log of events"),
    Kind("pubsub", "gcp.analytics.Pubsub", Role.QUEUE, "topic-based fan-out of messages"),
    Kind("sql_database", "generic.database.SQL", Role.STORE, "relational database (ACID, joins)"),
    Kind("nosql_database", "gcp.database.Bigtable", Role.STORE, "wide-column or document store"),
    Kind("key_value_store", "gcp.database.Firestore", Role.STORE, "key-value store"),
    Kind("graph_database", "onprem.database.Neo4J", Role.STORE, "graph database"),
    Kind("time_series_database", "onprem.database.Influxdb", Role.STORE, "time-series database"),
    Kind("object_storage", "gcp.storage.GCS", Role.STORE, "blobs: media, files, backups"),
    Kind("file_storage", "generic.storage.Storage", Role.STORE, "a file system or block storage"),
    Kind("search_index", "azure.general.Search", Role.STORE, "full-text or faceted search"),
    Kind("data_warehouse", "gcp.analytics.Bigquery", Role.STORE, "analytical store for reporting"),
    Kind("coordination", "onprem.network.Zookeeper", Role.STORE, "consensus, leader election, config"),
    Kind("monitoring", "onprem.monitoring.Prometheus", Role.COMPUTE, "metrics, alerting, dashboards"),
    Kind("identity", "onprem.security.Vault", Role.COMPUTE, "authentication, secrets, tokens"),
    Kind("notification", "aws.integration.SimpleNotificationServiceSns", Role.EXTERNAL,
         "push, e-mail or SMS delivery"),
    Kind("external", "onprem.network.Internet", Role.EXTERNAL, "a third-party system outside the design"),
]}

TECHS: dict[str, Tech] = {t.name: t for t in [
    Tech("redis", "onprem.inmemory.Redis", "Redis", "cache"),
    Tech("memcached", "onprem.inmemory.Memcached", "Memcached", "cache"),
    Tech("hazelcast", "onprem.inmemory.Hazelcast", "Hazelcast", "cache"),
    Tech("aerospike", "onprem.inmemory.Aerospike", "Aerospike", "key_value_store"),
    Tech("elasticache", "aws.database.Elasticache", "ElastiCache", "cache"),
    Tech("kafka", "onprem.queue.Kafka", "Kafka", "stream"),
    Tech("rabbitmq", "onprem.queue.Rabbitmq", "RabbitMQ", "queue"),
    Tech("activemq", "onprem.queue.Activemq", "ActiveMQ", "queue"),
    Tech("nats", "onprem.queue.Nats", "NATS", "queue"),
    Tech("celery", "onprem.queue.Celery", "Celery", "queue"),
    Tech("zeromq", "onprem.queue.Zeromq", "ZeroMQ", "queue"),
    Tech("emqx", "onprem.queue.Emqx", "EMQX (MQTT)", "queue"),
    Tech("sqs", "aws.integration.SimpleQueueServiceSqs", "SQS", "queue"),
    Tech("sns", "aws.integration.SimpleNotificationServiceSns", "SNS", "pubsub"),
    Tech("kinesis", "aws.analytics.KinesisDataStreams", "Kinesis", "stream"),
    Tech("pubsub", "gcp.analytics.Pubsub", "Pub/Sub", "pubsub"),
    Tech("postgres", "onprem.database.Postgresql", "PostgreSQL", "sql_database"),
    Tech("mysql", "onprem.database.Mysql", "MySQL", "sql_database"),
    Tech("mariadb", "onprem.database.Mariadb", "MariaDB", "sql_database"),
    Tech("aurora", "aws.database.Aurora", "Aurora", "sql_database"),
    Tech("rds", "aws.database.RDS", "RDS", "sql_database"),
    Tech("spanner", "gcp.database.Spanner", "Spanner", "sql_database"),
    Tech("cockroachdb", "onprem.database.Cockroachdb", "CockroachDB", "sql_database"),
    Tech("oracle", "onprem.database.Oracle", "Oracle", "sql_database"),
    Tech("cassandra", "onprem.database.Cassandra", "Cassandra", "nosql_database"),
    Tech("scylla", "onprem.database.Scylla", "ScyllaDB", "nosql_database"),
    Tech("hbase", "onprem.database.Hbase", "HBase", "nosql_database"),
    Tech("bigtable", "gcp.database.Bigtable", "Bigtable", "nosql_database"),
    Tech("mongodb", "onprem.database.Mongodb", "MongoDB", "nosql_database"),
    Tech("couchbase", "onprem.database.Couchbase", "Couchbase", "nosql_database"),
    Tech("couchdb", "onprem.database.Couchdb", "CouchDB", "nosql_database"),
    Tech("dynamodb", "aws.database.Dynamodb", "DynamoDB", "key_value_store"),
    Tech("firestore", "gcp.database.Firestore", "Firestore", "nosql_database"),
    Tech("neo4j", "onprem.database.Neo4J", "Neo4j", "graph_database"),
    Tech("dgraph", "onprem.database.Dgraph", "Dgraph", "graph_database"),
    Tech("janusgraph", "onprem.database.Janusgraph", "JanusGraph", "graph_database"),
    Tech("influxdb", "onprem.database.Influxdb", "InfluxDB", "time_series_database"),
    Tech("clickhouse", "onprem.database.Clickhouse", "ClickHouse", "data_warehouse"),
    Tech("druid", "onprem.database.Druid", "Druid", "data_warehouse"),
    Tech("duckdb", "onprem.database.Duckdb", "DuckDB", "data_warehouse"),
    Tech("qdrant", "onprem.database.Qdrant", "Qdrant", "search_index"),
    Tech("bigquery", "gcp.analytics.Bigquery", "BigQuery", "data_warehouse"),
    Tech("redshift", "aws.database.Redshift", "Redshift", "data_warehouse"),
    Tech("snowflake", "saas.analytics.Snowflake", "Snowflake", "data_warehouse"),
    Tech("s3", "aws.storage.SimpleStorageServiceS3", "S3", "object_storage"),
    Tech("gcs", "gcp.storage.GCS", "Cloud Storage", "object_storage"),
    Tech("ceph", "onprem.storage.Ceph", "Ceph", "object_storage"),
    Tech("hdfs", "onprem.analytics.Hadoop", "HDFS", "file_storage"),
    Tech("elasticsearch", "elastic.elasticsearch.Elasticsearch", "Elasticsearch", "search_index"),
    Tech("opensearch", "aws.analytics.AmazonOpensearchService", "OpenSearch", "search_index"),
    Tech("solr", "onprem.search.Solr", "Solr", "search_index"),
    Tech("nginx", "onprem.network.Nginx", "NGINX", "load_balancer"),
    Tech("haproxy", "onprem.network.Haproxy", "HAProxy", "load_balancer"),
    Tech("envoy", "onprem.network.Envoy", "Envoy", "load_balancer"),
    Tech("traefik", "onprem.network.Traefik", "Traefik", "load_balancer"),
    Tech("elb", "aws.network.ElasticLoadBalancing", "ELB", "load_balancer"),
    Tech("alb", "aws.network.ElbApplicationLoadBalancer", "ALB", "load_balancer"),
    Tech("nlb", "aws.network.ElbNetworkLoadBalancer", "NLB", "load_balancer"),
    Tech("kong", "onprem.network.Kong", "Kong", "api_gateway"),
    Tech("aws_api_gateway", "aws.network.APIGateway", "API Gateway", "api_gateway"),
    Tech("istio", "onprem.network.Istio", "Istio", "service"),
    Tech("cloudfront", "aws.network.CloudFront", "CloudFront", "cdn"),
    Tech("cloudflare", "saas.cdn.Cloudflare", "Cloudflare", "cdn"),
    Tech("akamai", "saas.cdn.Akamai", "Akamai", "cdn"),
    Tech("fastly", "saas.cdn.Fastly", "Fastly", "cdn"),
    Tech("route53", "aws.network.Route53", "Route 53", "dns"),
    Tech("zookeeper", "onprem.network.Zookeeper", "ZooKeeper", "coordination"),
    Tech("etcd", "onprem.network.Etcd", "etcd", "coordination"),
    Tech("consul", "onprem.network.Consul", "Consul", "coordination"),
    Tech("vault", "onprem.security.Vault", "Vault", "identity"),
    Tech("auth0", "saas.identity.Auth0", "Auth0", "identity"),
    Tech("okta", "saas.identity.Okta", "Okta", "identity"),
    Tech("cognito", "aws.security.Cognito", "Cognito", "identity"),
    Tech("spark", "onprem.analytics.Spark", "Spark", "batch_processor"),
    Tech("flink", "onprem.analytics.Flink", "Flink", "stream_processor"),
    Tech("storm", "onprem.analytics.Storm", "Storm", "stream_processor"),
    Tech("beam", "onprem.analytics.Beam", "Beam", "stream_processor"),
    Tech("hadoop", "onprem.analytics.Hadoop", "Hadoop", "batch_processor"),
    Tech("hive", "onprem.analytics.Hive", "Hive", "data_warehouse"),
    Tech("presto", "onprem.analytics.Presto", "Presto", "data_warehouse"),
    Tech("trino", "onprem.analytics.Trino", "Trino", "data_warehouse"),
    Tech("airflow", "onprem.workflow.Airflow", "Airflow", "scheduler"),
    Tech("lambda", "aws.compute.Lambda", "Lambda", "function"),
    Tech("kubernetes", "k8s.infra.Master", "Kubernetes", "service", draws_icon=False),
    Tech("docker", "onprem.container.Docker", "Docker", "service", draws_icon=False),
    Tech("nodejs", "programming.language.Nodejs", "Node.js", "service", draws_icon=False),
    Tech("go", "programming.language.Go", "Go", "service", draws_icon=False),
    Tech("java", "programming.language.Java", "Java", "service", draws_icon=False),
    Tech("python", "programming.language.Python", "Python", "service", draws_icon=False),
    Tech("rust", "programming.language.Rust", "Rust", "service", draws_icon=False),
    Tech("erlang", "programming.language.Erlang", "Erlang", "service", draws_icon=False),
    Tech("elixir", "programming.language.Elixir", "Elixir", "service", draws_icon=False),
    Tech("cpp", "programming.language.Cpp", "C++", "service", draws_icon=False),
    Tech("csharp", "programming.language.Csharp", "C#", "service", draws_icon=False),
    Tech("kotlin", "programming.language.Kotlin", "Kotlin", "service", draws_icon=False),
    Tech("scala", "programming.language.Scala", "Scala", "service", draws_icon=False),
    Tech("typescript", "programming.language.Typescript", "TypeScript", "service", draws_icon=False),
    Tech("php", "programming.language.Php", "PHP", "service", draws_icon=False),
    Tech("ruby", "programming.language.Ruby", "Ruby", "service", draws_icon=False),
    Tech("swift", "programming.language.Swift", "Swift", "mobile", draws_icon=False),
    Tech("spring", "programming.framework.Spring", "Spring", "service", draws_icon=False),
    Tech("django", "programming.framework.Django", "Django", "service", draws_icon=False),
    Tech("rails", "programming.framework.Rails", "Rails", "service", draws_icon=False),
    Tech("fastapi", "programming.framework.Fastapi", "FastAPI", "service", draws_icon=False),
    Tech("nextjs", "programming.framework.Nextjs", "Next.js", "browser", draws_icon=False),
    Tech("gpu", "gcp.compute.GPU", "GPU", "ml_model"),
    Tech("sagemaker", "aws.ml.Sagemaker", "SageMaker", "ml_model"),
    Tech("ec2", "aws.compute.EC2", "EC2", "service"),
    Tech("fargate", "aws.compute.Fargate", "Fargate", "service"),
    Tech("msk", "aws.analytics.ManagedStreamingForKafka", "MSK", "stream"),
    Tech("memorystore", "gcp.database.Memorystore", "Memorystore", "cache"),
    Tech("jenkins", "onprem.ci.Jenkins", "Jenkins", "worker"),
    Tech("github_actions", "onprem.ci.GithubActions", "GitHub Actions", "worker"),
    Tech("argocd", "onprem.gitops.Argocd", "Argo CD", "service"),
    Tech("harbor", "onprem.registry.Harbor", "Harbor", "object_storage"),
    Tech("linkerd", "onprem.network.Linkerd", "Linkerd", "service"),
    Tech("loki", "onprem.logging.Loki", "Loki", "search_index"),
    Tech("tempo", "onprem.tracing.Tempo", "Tempo", "monitoring"),
    Tech("mimir", "onprem.monitoring.Mimir", "Mimir", "time_series_database"),
    Tech("superset", "onprem.analytics.Superset", "Superset", "browser"),
    Tech("graphql", "programming.framework.Graphql", "GraphQL", "api_gateway", draws_icon=False),
    Tech("prometheus", "onprem.monitoring.Prometheus", "Prometheus", "monitoring"),
    Tech("grafana", "onprem.monitoring.Grafana", "Grafana", "monitoring"),
    Tech("datadog", "saas.logging.Datadog", "Datadog", "monitoring"),
    Tech("thanos", "onprem.monitoring.Thanos", "Thanos", "time_series_database"),
    Tech("jaeger", "onprem.tracing.Jaeger", "Jaeger", "monitoring"),
    Tech("fluentd", "onprem.aggregator.Fluentd", "Fluentd", "worker"),
    Tech("fluentbit", "onprem.logging.Fluentbit", "Fluent Bit", "worker"),
    Tech("stripe", "aws.iot.IotBank", "Stripe", "external"),
    Tech("paypal", "aws.iot.IotBank", "PayPal", "external"),
    Tech("adyen", "aws.iot.IotBank", "Adyen", "external"),
    Tech("twilio", "saas.communication.Twilio", "Twilio", "notification"),
    Tech("apns", "generic.os.IOS", "APNs", "notification"),
    Tech("fcm", "generic.os.Android", "FCM", "notification"),
    Tech("android", "generic.os.Android", "Android", "mobile"),
    Tech("ios", "generic.os.IOS", "iOS", "mobile"),
    Tech("react", "programming.framework.React", "React", "browser", draws_icon=False),
    Tech("card_network", "aws.iot.IotBank", "Card networks", "external"),
    Tech("bank", "aws.iot.IotBank", "Bank", "external"),
    Tech("smtp", "aws.engagement.SimpleEmailServiceSesEmail", "SMTP", "external"),
    Tech("ses", "aws.engagement.SimpleEmailServiceSes", "SES", "notification"),
    Tech("webhook", "aws.integration.SimpleNotificationServiceSnsHttpNotification", "Webhooks", "external"),
    Tech("pagerduty", "saas.alerting.Pagerduty", "PagerDuty", "external"),
    Tech("opsgenie", "saas.alerting.Opsgenie", "Opsgenie", "external"),
    Tech("slack", "saas.chat.Slack", "Slack", "external"),
    Tech("github", "onprem.vcs.Github", "GitHub", "external"),
    Tech("gitlab", "onprem.vcs.Gitlab", "GitLab", "external"),
    Tech("git", "onprem.vcs.Git", "Git", "external"),
    Tech("gps", "aws.satellite.Satellite", "GPS / PTP", "external"),
    Tech("organisation", "aws.general.GenericOfficeBuilding", "Organisation", "external"),
    Tech("web", "onprem.network.Internet", "Web", "external"),
]}

_ALIASES = {
    "postgresql": "postgres", "pg": "postgres", "psql": "postgres",
    "elastic": "elasticsearch", "es": "elasticsearch",
    "mongo": "mongodb", "k8s": "kubernetes", "dynamo": "dynamodb",
    "apache_kafka": "kafka", "rabbit": "rabbitmq", "node": "nodejs",
    "golang": "go", "cloud_storage": "gcs", "api_gateway": "aws_api_gateway",
    "cockroach": "cockroachdb", "memcache": "memcached", "scylladb": "scylla", "c++": "cpp", "c#": "csharp",
    "ts": "typescript",
    "organization": "organisation", "company": "organisation", "email": "smtp", "http": "webhook", "internet": "web",
    "card_networks": "card_network", "ptp": "gps",
    "fluent_bit": "fluentbit", "github-actions": "github_actions", "amazon_msk": "msk",
}
_KIND_ALIASES = {
    "lb": "load_balancer", "gateway": "api_gateway", "database": "sql_database", "db": "sql_database",
    "sql": "sql_database", "nosql": "nosql_database", "kv": "key_value_store", "kv_store": "key_value_store",
    "blob_storage": "object_storage", "object_store": "object_storage", "message_queue": "queue",
    "search": "search_index", "web": "browser", "app": "mobile", "user": "users", "warehouse": "data_warehouse",
    "cron": "scheduler", "third_party": "external",
}


def normalise(name: str) -> str:
    """`Load Balancer`, `load-balancer` and `load_balancer` all name the same entry."""
    return "_".join(name.strip().lower().replace("-", " ").split())


def find_kind(name: str) -> Kind | None:
    key = normalise(name)
    return KINDS.get(_KIND_ALIASES.get(key, key))


def find_tech(name: str) -> Tech | None:
    key = normalise(name).replace("_", "") if normalise(name).replace("_", "") in TECHS else normalise(name)
    return TECHS.get(_ALIASES.get(key, key))


def all_icon_paths() -> list[str]:
    return sorted({k.icon for k in KINDS.values()} | {t.icon for t in TECHS.values()})
