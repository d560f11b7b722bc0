package dev.rewind.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaValidationTest {

    static final List<String> OVERLAYS = Kustomize.OVERLAYS;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyRenderedObjectMatchesTheSchemaOfItsKind(String overlay) {
        List<ObjectNode> objects = Kustomize.render(overlay);

        assertThat(objects).isNotEmpty();
        assertThat(objects.stream().flatMap(o -> SchemaValidator.problems(o).stream())).isEmpty();
    }

    @Test
    void aDeliberatelyBrokenOverlayFailsValidation() {
        List<ObjectNode> objects = Kustomize.parse(Kustomize.renderText(
                Kustomize.ROOT.resolve("src/test/resources/broken-overlay")));

        List<String> problems = objects.stream().flatMap(o -> SchemaValidator.problems(o).stream()).toList();

        assertThat(problems).anySatisfy(p -> assertThat(p)
                .startsWith("StatefulSet/release-coordinator-v1").contains("[resource]"));
        assertThat(problems).anySatisfy(p -> assertThat(p)
                .startsWith("KafkaTopic/release.events").contains("[partition]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // a string where the schema wants a number
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {replicas: two}",
        // a field of the wrong object
        "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {containerPort: 80}",
        // an ACL operation Strimzi does not know
        "apiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaUser\nmetadata: {name: u}\nspec:\n  authorization:\n"
                + "    type: simple\n    acls: [{resource: {type: topic, name: t}, operations: [Reed]}]",
        // a KEDA field that does not exist (maxReplicas is the HPA's name)
        "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: s}\nspec:\n  scaleTargetRef: {name: x}\n"
                + "  maxReplicas: 3\n  triggers: [{type: kafka, metadata: {topic: t}}]",
        // a KEDA object without its required triggers
        "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: s}\nspec:\n  scaleTargetRef: {name: x}",
        // a PodMonitor endpoint field misspelt
        "apiVersion: monitoring.coreos.com/v1\nkind: PodMonitor\nmetadata: {name: p}\nspec:\n  selector: {}\n"
                + "  podMetricsEndpoints: [{prot: metrics}]",
        // a kind nothing here knows
        "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}",
    })
    void rejectsWhatItsSchemaDoesNotAllow(String yaml) {
        ObjectNode object = Kustomize.parse(yaml).get(0);

        assertThat(SchemaValidator.problems(object)).isNotEmpty();
    }

    @Test
    void acceptsAValidObjectOfEachSchemaLibrary() {
        assertThat(SchemaValidator.problems(Kustomize.parse(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {replicas: 2}").get(0))).isEmpty();
        assertThat(SchemaValidator.problems(Kustomize.parse(
                "apiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaTopic\nmetadata: {name: t}\nspec: {partitions: 3}")
                .get(0))).isEmpty();
        assertThat(SchemaValidator.problems(Kustomize.parse(
                "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: s}\nspec:\n  scaleTargetRef: {name: x}\n"
                        + "  maxReplicaCount: 3\n  triggers: [{type: kafka, metadata: {topic: t}}]").get(0))).isEmpty();
    }
}
