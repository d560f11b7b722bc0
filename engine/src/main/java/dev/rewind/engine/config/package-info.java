/**
 * Settings of a component version instance: {@link dev.rewind.engine.config.EngineConfig} (a Kafka
 * {@code ConfigDef} validated as a whole at start-up) and environment overrides for containers.
 */
package dev.rewind.engine.config;
