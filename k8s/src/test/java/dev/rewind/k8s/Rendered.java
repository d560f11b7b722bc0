package dev.rewind.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One rendered overlay, with look-ups the consistency tests share. */
record Rendered(String overlay, List<ObjectNode> objects) {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    static Rendered of(String overlay) {
        return new Rendered(overlay, Kustomize.render(overlay));
    }

    List<ObjectNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    Optional<ObjectNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText())).findFirst();
    }

    /** Deployments and StatefulSets. */
    List<ObjectNode> workloads() {
        List<ObjectNode> workloads = new ArrayList<>(ofKind("Deployment"));
        workloads.addAll(ofKind("StatefulSet"));
        return workloads;
    }

    /** Kafka topic names of the KafkaTopics ({@code spec.topicName}, else the object's name) to their spec. */
    Map<String, JsonNode> kafkaTopics() {
        Map<String, JsonNode> topics = new LinkedHashMap<>();
        for (ObjectNode topic : ofKind("KafkaTopic")) {
            String name = topic.path("spec").path("topicName").asText(topic.path("metadata").path("name").asText());
            topics.put(name, topic.path("spec"));
        }
        return topics;
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    static JsonNode podSpec(JsonNode workload) {
        return workload.path("spec").path("template").path("spec");
    }

    static JsonNode container(JsonNode workload) {
        return podSpec(workload).path("containers").path(0);
    }

    /**
     * The container's environment as the kubelet would set it in pod {@code podName}: literal values with
     * {@code $(VAR)} references to earlier variables expanded, {@code metadata.name} from the pod name,
     * {@code status.podIP} as 10.0.0.1 and secret keys as {@code <secret:name/key>}.
     */
    static Map<String, String> environment(JsonNode container, String podName) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode variable : container.path("env")) {
            String name = variable.path("name").asText();
            String value;
            if (variable.has("value")) {
                value = expand(variable.path("value").asText(), env, "env " + name);
            } else if (variable.path("valueFrom").has("fieldRef")) {
                String field = variable.path("valueFrom").path("fieldRef").path("fieldPath").asText();
                value = switch (field) {
                    case "metadata.name" -> podName;
                    case "status.podIP" -> "10.0.0.1";
                    default -> throw new AssertionError("env " + name + ": no test value for field " + field);
                };
            } else if (variable.path("valueFrom").has("secretKeyRef")) {
                JsonNode ref = variable.path("valueFrom").path("secretKeyRef");
                value = "<secret:" + ref.path("name").asText() + "/" + ref.path("key").asText() + ">";
            } else {
                throw new AssertionError("env " + name + ": unsupported source " + variable);
            }
            env.put(name, value);
        }
        return env;
    }

    /** The container's args with {@code $(VAR)} expanded from its environment. */
    static List<String> args(JsonNode container, Map<String, String> env) {
        List<String> args = new ArrayList<>();
        container.path("args").forEach(a -> args.add(expand(a.asText(), env, "args")));
        return args;
    }

    /** Expands {@code $(VAR)}; a reference to an undefined (or later) variable fails, as it would stay literal. */
    static String expand(String text, Map<String, String> defined, String where) {
        Matcher matcher = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = defined.get(matcher.group(1));
            if (value == null) {
                throw new AssertionError(where + " refers to $(" + matcher.group(1) + "), which is not defined before"
                        + " it; Kubernetes would leave the text as it is");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** The properties file a container's first argument names, from the ConfigMap mounted at its directory. */
    Properties mountedProperties(JsonNode workload, String file) {
        JsonNode container = container(workload);
        for (JsonNode mount : container.path("volumeMounts")) {
            String dir = mount.path("mountPath").asText();
            if (file.startsWith(dir + "/")) {
                String volumeName = mount.path("name").asText();
                for (JsonNode volume : podSpec(workload).path("volumes")) {
                    if (volumeName.equals(volume.path("name").asText()) && volume.has("configMap")) {
                        String configMap = volume.path("configMap").path("name").asText();
                        JsonNode data = find("ConfigMap", configMap).orElseThrow(() -> new AssertionError(
                                "ConfigMap " + configMap + " of " + Kustomize.id(workload) + " is not rendered"))
                                .path("data").path(file.substring(dir.length() + 1));
                        Properties properties = new Properties();
                        try {
                            properties.load(new StringReader(data.asText()));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        return properties;
                    }
                }
            }
        }
        throw new AssertionError(Kustomize.id(workload) + ": nothing mounts " + file);
    }
}
