package dev.rewind.k8s;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * KEDA's {@code keda.sh/v1alpha1} kinds, as far as rewind uses them: no Java model of KEDA is published,
 * so these records follow the ScaledObject and TriggerAuthentication CRDs (KEDA 2.x) for the fields a
 * manifest here may set. Bound with unknown fields failing; required fields checked in the constructors.
 */
final class Keda {

    private Keda() {
    }

    record ScaledObject(String apiVersion, String kind, ObjectMeta metadata, ScaledObjectSpec spec) {
        ScaledObject {
            Objects.requireNonNull(spec, "spec is required");
        }
    }

    record ScaledObjectSpec(ScaleTarget scaleTargetRef, Integer pollingInterval, Integer cooldownPeriod,
            Integer initialCooldownPeriod, Integer idleReplicaCount, Integer minReplicaCount,
            Integer maxReplicaCount, Map<String, Object> advanced, Map<String, Object> fallback,
            List<ScaleTrigger> triggers) {
        ScaledObjectSpec {
            Objects.requireNonNull(scaleTargetRef, "spec.scaleTargetRef is required");
            if (triggers == null || triggers.isEmpty()) {
                throw new IllegalArgumentException("spec.triggers needs at least one trigger");
            }
        }
    }

    record ScaleTarget(String apiVersion, String kind, String name, String envSourceContainerName) {
        ScaleTarget {
            Objects.requireNonNull(name, "scaleTargetRef.name is required");
        }
    }

    record ScaleTrigger(String type, String name, Boolean useCachedMetrics, String metricType,
            Map<String, String> metadata, AuthenticationRef authenticationRef) {
        ScaleTrigger {
            Objects.requireNonNull(type, "triggers[].type is required");
            Objects.requireNonNull(metadata, "triggers[].metadata is required");
        }
    }

    record AuthenticationRef(String name, String kind) {
        AuthenticationRef {
            Objects.requireNonNull(name, "authenticationRef.name is required");
        }
    }

    record TriggerAuthentication(String apiVersion, String kind, ObjectMeta metadata, TriggerAuthenticationSpec spec) {
        TriggerAuthentication {
            Objects.requireNonNull(spec, "spec is required");
        }
    }

    record TriggerAuthenticationSpec(List<SecretTargetRef> secretTargetRef, List<EnvTarget> env) {
    }

    record SecretTargetRef(String parameter, String name, String key) {
        SecretTargetRef {
            Objects.requireNonNull(parameter, "secretTargetRef[].parameter is required");
            Objects.requireNonNull(name, "secretTargetRef[].name is required");
            Objects.requireNonNull(key, "secretTargetRef[].key is required");
        }
    }

    record EnvTarget(String parameter, String name, String containerName) {
    }
}
