/**
 * Prometheus metrics and the daemon's HTTP endpoints. {@link dev.schemagate.daemon.metrics.DaemonMetrics} turns
 * the coordinator's runs and the socket server's sessions into Micrometer meters;
 * {@link dev.schemagate.daemon.metrics.MetricsHttpServer} serves them, with health, readiness and a JSON status,
 * on a small Netty HTTP/1.1 server. Metric names are part of the contract and live in
 * {@link dev.schemagate.daemon.metrics.MetricNames}.
 */
package dev.schemagate.daemon.metrics;
