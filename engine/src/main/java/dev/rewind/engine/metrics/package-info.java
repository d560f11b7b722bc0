/**
 * Metrics of a component version instance (Micrometer) and its Prometheus scrape endpoint.
 */
package dev.rewind.engine.metrics;
