package dev.rewind.k8s;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Validates rendered objects offline against the schema of their kind: Kubernetes' own kinds and the
 * Prometheus Operator's through fabric8's Kubernetes model, Strimzi's through Strimzi's API model
 * ({@code io.strimzi:api}), KEDA's through {@link Keda}.
 *
 * <p>Those models keep unknown fields in {@code additionalProperties} instead of failing, so after
 * binding the validator walks the bound object and reports every unknown field with its path: a
 * misspelt or misplaced field is an error, as is a value of the wrong type. Enumerations that bind an
 * unknown value to null (Strimzi's do) are caught by writing the bound object back and comparing it
 * with the input: every value given must survive binding. A kind without a schema
 * here is an error too, so nothing passes unchecked.
 */
final class SchemaValidator {

    /** Schema classes by {@code apiVersion/kind}. */
    static final Map<String, Class<?>> SCHEMAS = Map.ofEntries(
            Map.entry("v1/Namespace", io.fabric8.kubernetes.api.model.Namespace.class),
            Map.entry("v1/ConfigMap", io.fabric8.kubernetes.api.model.ConfigMap.class),
            Map.entry("v1/Secret", io.fabric8.kubernetes.api.model.Secret.class),
            Map.entry("v1/Service", io.fabric8.kubernetes.api.model.Service.class),
            Map.entry("apps/v1/Deployment", io.fabric8.kubernetes.api.model.apps.Deployment.class),
            Map.entry("apps/v1/StatefulSet", io.fabric8.kubernetes.api.model.apps.StatefulSet.class),
            Map.entry("policy/v1/PodDisruptionBudget", io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy",
                    io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", io.strimzi.api.kafka.model.kafka.Kafka.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", io.strimzi.api.kafka.model.nodepool.KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", io.strimzi.api.kafka.model.topic.KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaUser", io.strimzi.api.kafka.model.user.KafkaUser.class),
            Map.entry("monitoring.coreos.com/v1/PodMonitor",
                    io.fabric8.openshift.api.model.monitoring.v1.PodMonitor.class),
            Map.entry("keda.sh/v1alpha1/ScaledObject", Keda.ScaledObject.class),
            Map.entry("keda.sh/v1alpha1/TriggerAuthentication", Keda.TriggerAuthentication.class));

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** Writes every property back, defaults and nulls too, whatever the model's own inclusion rules. */
    private static final ObjectMapper WRITER = new ObjectMapper().setAnnotationIntrospector(
            new JacksonAnnotationIntrospector() {
                @Override
                public JsonInclude.Value findPropertyInclusion(Annotated annotated) {
                    return JsonInclude.Value.construct(JsonInclude.Include.ALWAYS, JsonInclude.Include.ALWAYS);
                }
            });

    private SchemaValidator() {
    }

    /** Every problem of one object, each naming the object and the field; empty when it is valid. */
    static List<String> problems(ObjectNode object) {
        String key = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        Class<?> schema = SCHEMAS.get(key);
        if (schema == null) {
            return List.of(Kustomize.id(object) + ": no schema for " + key + "; add one to SchemaValidator.SCHEMAS");
        }
        Object bound;
        try {
            bound = MAPPER.treeToValue(object, schema);
        } catch (JsonProcessingException e) {
            return List.of(Kustomize.id(object) + ": " + e.getOriginalMessage() + " at "
                    + e.getLocation() + " (" + pathOf(e) + ")");
        }
        List<String> problems = new ArrayList<>();
        walk(bound, "", problems);
        compare(object, WRITER.valueToTree(bound), "", problems);
        return problems.stream().map(p -> Kustomize.id(object) + ": " + p).toList();
    }

    /** Every leaf of {@code input} must be in {@code bound} with the same text. */
    private static void compare(JsonNode input, JsonNode bound, String path, List<String> problems) {
        if (input.isObject()) {
            input.fields().forEachRemaining(field -> {
                JsonNode other = bound == null ? null : bound.get(field.getKey());
                compare(field.getValue(), other, path + "." + field.getKey(), problems);
            });
        } else if (input.isArray()) {
            for (int i = 0; i < input.size(); i++) {
                compare(input.get(i), bound == null ? null : bound.get(i), path + "[" + i + "]", problems);
            }
        } else if (!input.isNull() && (bound == null || bound.isNull() || !bound.asText().equals(input.asText()))) {
            problems.add("value '" + input.asText() + "' at " + path + " is not one the schema accepts"
                    + (bound == null || bound.isNull() ? "" : " (read as '" + bound.asText() + "')"));
        }
    }

    private static String pathOf(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping) {
            return mapping.getPathReference();
        }
        return "?";
    }

    private static void walk(Object value, String path, List<String> problems) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", problems);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, problems));
            return;
        }
        Class<?> type = value.getClass();
        String pkg = type.getPackageName();
        if (!(pkg.startsWith("io.fabric8.") || pkg.startsWith("io.strimzi.") || type.isRecord())) {
            return;
        }
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                walk(invoke(component.getAccessor(), value), path + "." + component.getName(), problems);
            }
            return;
        }
        for (Method getter : type.getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object child = invoke(getter, value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add("unknown field(s) " + extra.keySet() + " at " + (path.isEmpty() ? "." : path)
                            + " (not in the " + type.getSimpleName() + " schema)");
                }
                continue;
            }
            String name = getter.getName().substring(3);
            walk(child, path + "." + Character.toLowerCase(name.charAt(0)) + name.substring(1), problems);
        }
    }

    private static Object invoke(Method method, Object target) {
        try {
            return method.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return null; // computed getters that throw on partial objects are not fields
        }
    }
}
