#!/usr/bin/env bash
# The minimal ACLs of rewind's processes (generated from dev.rewind.clients.acl.RewindAcls;
# RewindAclsTest fails when this file and the code disagree).
# Usage: BOOTSTRAP=kafka:9093 ADMIN_CONFIG=admin.properties \
#   ENGINE_PRINCIPAL=User:rewind-release-coordinator COMPONENT=release-coordinator VERSION=v2 \
#   SOURCE_TOPIC=release.events OUTPUT_TOPIC=release.decisions \
#   REGISTRY_PRINCIPAL=User:rewind-registry SERVICE_PRINCIPAL=User:rewind-replay-service #   HISTORY_PRINCIPAL=User:rewind-history ./rewind-acls.sh
set -euo pipefail
: "${BOOTSTRAP:?}" "${ADMIN_CONFIG:?}" "${ENGINE_PRINCIPAL:?}" "${COMPONENT:?}" "${VERSION:?}"
: "${SOURCE_TOPIC:?}" "${OUTPUT_TOPIC:?}" "${REGISTRY_PRINCIPAL:?}" "${SERVICE_PRINCIPAL:?}"
: "${HISTORY_PRINCIPAL:?}"

# a version instance: group <component>.<version>
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${ENGINE_PRINCIPAL}" --operation Read --topic "${SOURCE_TOPIC}"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${ENGINE_PRINCIPAL}" --operation Write --topic "${OUTPUT_TOPIC}"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${ENGINE_PRINCIPAL}" --operation Write --topic "rewind.outcomes"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${ENGINE_PRINCIPAL}" --operation Create --topic "rewind.outcomes"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${ENGINE_PRINCIPAL}" --operation Write --topic "rewind.dlq.${COMPONENT}"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${ENGINE_PRINCIPAL}" --operation Create --topic "rewind.dlq.${COMPONENT}"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${ENGINE_PRINCIPAL}" --operation Read --topic "${COMPONENT}.${VERSION}." --resource-pattern-type prefixed
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${ENGINE_PRINCIPAL}" --operation Write --topic "${COMPONENT}.${VERSION}." --resource-pattern-type prefixed
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${ENGINE_PRINCIPAL}" --operation Create --topic "${COMPONENT}.${VERSION}." --resource-pattern-type prefixed
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${ENGINE_PRINCIPAL}" --operation Read --topic "rewind.routes"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${ENGINE_PRINCIPAL}" --operation Write --topic "rewind.routes"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${ENGINE_PRINCIPAL}" --operation Create --topic "rewind.routes"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${ENGINE_PRINCIPAL}" --operation Read --topic "rewind.control"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${ENGINE_PRINCIPAL}" --operation Write --topic "rewind.control"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${ENGINE_PRINCIPAL}" --operation Create --topic "rewind.control"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${ENGINE_PRINCIPAL}" --operation Read --group "${COMPONENT}.${VERSION}"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${ENGINE_PRINCIPAL}" --operation Write --transactional-id "${COMPONENT}.${VERSION}." --resource-pattern-type prefixed

# the schema registry
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${REGISTRY_PRINCIPAL}" --operation Read --topic "_schemas"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${REGISTRY_PRINCIPAL}" --operation Write --topic "_schemas"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${REGISTRY_PRINCIPAL}" --operation Create --topic "_schemas"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${REGISTRY_PRINCIPAL}" --operation Write --transactional-id "rewind-schema-registry-_schemas"

# the replay service (REST API)
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${SERVICE_PRINCIPAL}" --operation Read --topic "rewind.control"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${SERVICE_PRINCIPAL}" --operation Write --topic "rewind.control"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${SERVICE_PRINCIPAL}" --operation Create --topic "rewind.control"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${SERVICE_PRINCIPAL}" --operation Read --topic "rewind.routes"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${SERVICE_PRINCIPAL}" --operation Write --topic "rewind.routes"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${SERVICE_PRINCIPAL}" --operation Create --topic "rewind.routes"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${SERVICE_PRINCIPAL}" --operation Read --topic "rewind.audit"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${SERVICE_PRINCIPAL}" --operation Write --topic "rewind.audit"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${SERVICE_PRINCIPAL}" --operation Create --topic "rewind.audit"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${SERVICE_PRINCIPAL}" --operation Read --topic "rewind.rollouts"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${SERVICE_PRINCIPAL}" --operation Write --topic "rewind.rollouts"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${SERVICE_PRINCIPAL}" --operation Create --topic "rewind.rollouts"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${SERVICE_PRINCIPAL}" --operation Write --transactional-id "rewind-service-rollouts"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${SERVICE_PRINCIPAL}" --operation Describe --group "*"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${SERVICE_PRINCIPAL}" --operation Read --topic "rewind.dlq." --resource-pattern-type prefixed
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${SERVICE_PRINCIPAL}" --operation Write --topic "${SOURCE_TOPIC}"

# the history index (history.application.id=rewind-history)
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${HISTORY_PRINCIPAL}" --operation Read --topic "${SOURCE_TOPIC}"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${HISTORY_PRINCIPAL}" --operation Read --topic "rewind.outcomes"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${HISTORY_PRINCIPAL}" --operation Read --topic "rewind.dlq." --resource-pattern-type prefixed
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${HISTORY_PRINCIPAL}" --operation Read --group "rewind-history"
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${HISTORY_PRINCIPAL}" --operation Read --topic "rewind-history-" --resource-pattern-type prefixed
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${HISTORY_PRINCIPAL}" --operation Write --topic "rewind-history-" --resource-pattern-type prefixed
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${HISTORY_PRINCIPAL}" --operation Create --topic "rewind-history-" --resource-pattern-type prefixed
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${HISTORY_PRINCIPAL}" --operation Delete --topic "rewind-history-" --resource-pattern-type prefixed
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${HISTORY_PRINCIPAL}" --operation DescribeConfigs --topic "rewind-history-" --resource-pattern-type prefixed
kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add --allow-principal "${HISTORY_PRINCIPAL}" --operation Write --transactional-id "rewind-history-" --resource-pattern-type prefixed
