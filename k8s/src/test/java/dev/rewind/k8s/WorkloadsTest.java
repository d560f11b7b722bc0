package dev.rewind.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * What every workload of every overlay must be: built images only, non-root on a read-only root
 * filesystem with a writable /tmp, resources set, probes on declared ports, a PodDisruptionBudget and
 * Service/PodMonitor selectors that select something; production spreads pods, scales within the
 * partition count and denies ingress by default.
 */
class WorkloadsTest {

    static final List<String> OVERLAYS = Kustomize.OVERLAYS;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyContainerRunsAnImageTheBuildProduces(String overlay) {
        Set<String> built = new HashSet<>();
        Images.all().forEach(image -> built.add(image.reference()));

        for (JsonNode workload : Rendered.of(overlay).workloads()) {
            for (JsonNode container : Rendered.podSpec(workload).path("containers")) {
                assertThat(built).as(Kustomize.id(workload)).contains(container.path("image").asText());
            }
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyContainerIsNonRootReadOnlyAndBounded(String overlay) {
        for (JsonNode workload : Rendered.of(overlay).workloads()) {
            JsonNode pod = Rendered.podSpec(workload);
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as(Kustomize.id(workload)).isTrue();
            for (JsonNode container : pod.path("containers")) {
                String id = Kustomize.id(workload) + " " + container.path("name").asText();
                assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).as(id).isTrue();
                assertThat(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true)).as(id)
                        .isFalse();
                assertThat(mountPaths(container)).as(id + ": a writable /tmp").contains("/tmp");
                assertThat(container.path("resources").path("requests").has("memory")).as(id).isTrue();
                assertThat(container.path("resources").path("limits").path("memory").asText())
                        .as(id + ": memory limit = request, so MaxRAMPercentage sizes the heap from it")
                        .isEqualTo(container.path("resources").path("requests").path("memory").asText());
            }
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void probesUseDeclaredPortsAndLivenessToleratesALongRestore(String overlay) {
        for (JsonNode workload : Rendered.of(overlay).workloads()) {
            for (JsonNode container : Rendered.podSpec(workload).path("containers")) {
                if (!container.has("livenessProbe")) {
                    continue; // the demo's event generator serves nothing
                }
                Set<String> ports = new HashSet<>();
                container.path("ports").forEach(p -> ports.add(p.path("name").asText()));
                for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                    if (container.has(probe)) {
                        assertThat(ports).as(Kustomize.id(workload) + " " + probe)
                                .contains(container.path(probe).path("httpGet").path("port").asText());
                    }
                }
                JsonNode liveness = container.path("livenessProbe");
                int toleratedSeconds = liveness.path("failureThreshold").asInt(3) * liveness.path("periodSeconds").asInt(10);
                assertThat(toleratedSeconds).as(Kustomize.id(workload) + ": seconds without answer before a restart")
                        .isGreaterThanOrEqualTo(60);
            }
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void selectorsSelectPodsThatExist(String overlay) {
        Rendered rendered = Rendered.of(overlay);
        List<ObjectNode> servingWorkloads = rendered.workloads().stream()
                .filter(w -> !Rendered.name(w).equals("demo-event-generator")).toList();
        for (JsonNode workload : rendered.workloads()) {
            assertThat(matches(workload.path("spec").path("selector").path("matchLabels"), podLabels(workload)))
                    .as(Kustomize.id(workload) + " selects its own pods").isTrue();
        }
        for (JsonNode workload : servingWorkloads) {
            assertThat(rendered.ofKind("PodDisruptionBudget")).as(Kustomize.id(workload) + " has a PDB")
                    .anySatisfy(pdb -> assertThat(matches(pdb.path("spec").path("selector").path("matchLabels"),
                            podLabels(workload))).isTrue());
        }
        for (JsonNode service : rendered.ofKind("Service")) {
            assertThat(rendered.workloads()).as(Kustomize.id(service))
                    .anySatisfy(w -> assertThat(matches(service.path("spec").path("selector"), podLabels(w))).isTrue());
        }
        for (JsonNode monitor : rendered.ofKind("PodMonitor")) {
            String port = monitor.path("spec").path("podMetricsEndpoints").path(0).path("port").asText();
            assertThat(rendered.workloads()).as(Kustomize.id(monitor)).anySatisfy(w -> {
                assertThat(matches(monitor.path("spec").path("selector").path("matchLabels"), podLabels(w))).isTrue();
                assertThat(Rendered.container(w).path("ports").findValuesAsText("name")).contains(port);
            });
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyServingWorkloadIsScrapedByAPodMonitor(String overlay) {
        Rendered rendered = Rendered.of(overlay);
        for (JsonNode workload : rendered.workloads()) {
            if (Rendered.name(workload).equals("demo-event-generator")) {
                continue; // a one-shot generator serves nothing
            }
            assertThat(rendered.ofKind("PodMonitor")).as(Kustomize.id(workload) + " is scraped")
                    .anySatisfy(monitor -> {
                        assertThat(matches(monitor.path("spec").path("selector").path("matchLabels"),
                                podLabels(workload))).isTrue();
                        assertThat(monitor.path("spec").path("podMetricsEndpoints").path(0).path("path").asText())
                                .isEqualTo("/metrics");
                    });
        }
    }

    @org.junit.jupiter.api.Test
    void productionSpreadsPodsScalesWithinPartitionsAndDeniesIngressByDefault() {
        Rendered production = Rendered.of("overlays/production");
        for (JsonNode workload : production.workloads()) {
            assertThat(Rendered.podSpec(workload).path("topologySpreadConstraints").size()).as(Kustomize.id(workload))
                    .isGreaterThan(0);
        }
        assertThat(production.find("NetworkPolicy", "default-deny-ingress")).isPresent()
                .hasValueSatisfying(p -> assertThat(p.path("spec").path("podSelector").size()).isZero());
        assertThat(production.ofKind("ScaledObject")).isNotEmpty();
        for (JsonNode scaled : production.ofKind("ScaledObject")) {
            JsonNode target = production.find(scaled.path("spec").path("scaleTargetRef").path("kind").asText(),
                    scaled.path("spec").path("scaleTargetRef").path("name").asText()).orElseThrow();
            JsonNode trigger = scaled.path("spec").path("triggers").path(0);
            String topic = trigger.path("metadata").path("topic").asText();
            int partitions = production.kafkaTopics().get(topic).path("partitions").asInt();
            assertThat(scaled.path("spec").path("maxReplicaCount").asInt()).as(Kustomize.id(scaled))
                    .isBetween(1, partitions);
            // the group KEDA watches is the one the target's pods consume in
            String group = ComponentVersionsTest.config(new ComponentVersionsTest.Version(production, target), "p-0")
                    .groupId();
            assertThat(trigger.path("metadata").path("consumerGroup").asText()).isEqualTo(group);
            assertThat(production.find("TriggerAuthentication", trigger.path("authenticationRef").path("name").asText()))
                    .isPresent();
        }
    }

    private static Map<String, String> podLabels(JsonNode workload) {
        Map<String, String> labels = new java.util.HashMap<>();
        workload.path("spec").path("template").path("metadata").path("labels").fields()
                .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private static boolean matches(JsonNode selector, Map<String, String> labels) {
        List<Boolean> each = new ArrayList<>();
        selector.fields().forEachRemaining(e -> each.add(e.getValue().asText().equals(labels.get(e.getKey()))));
        return !each.isEmpty() && !each.contains(false);
    }

    private static List<String> mountPaths(JsonNode container) {
        return container.path("volumeMounts").findValuesAsText("mountPath");
    }
}
