package dev.rewind.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with {@code kubectl kustomize} (offline; no cluster needed) into its objects.
 *
 * <p>kubectl is taken from {@code $KUBECTL} or the {@code PATH}; {@code .ci/run} installs Debian's
 * {@code kubernetes-client} when it is missing. The manifests are written for both the kustomize v2.0
 * embedded in that package (kubectl 1.20) and current kustomize v5.
 */
final class Kustomize {

    /** The directory of the manifests: {@code k8s/} of the checkout. */
    static final Path ROOT = Path.of(System.getProperty("rewind.k8s.dir", ".")).toAbsolutePath().normalize();

    /** Every kustomization users apply. */
    static final List<String> OVERLAYS = List.of("base", "overlays/dev", "overlays/production",
            "overlays/example-v3");

    static final ObjectMapper YAML = new YAMLMapper();

    private Kustomize() {
    }

    /** The kubectl binary, or an error saying how to get one. */
    static Path kubectl() {
        String configured = System.getenv("KUBECTL");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Optional.ofNullable(System.getenv("PATH")).stream()
                .flatMap(path -> List.of(path.split(File.pathSeparator)).stream())
                .map(dir -> Path.of(dir, "kubectl"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("kubectl is not on the PATH and KUBECTL is not set;"
                        + " install it (Debian: apt-get install kubernetes-client; .ci/run does) to render the"
                        + " kustomizations under " + ROOT));
    }

    /** The objects of {@code kubectl kustomize <ROOT>/<dir>}. */
    static List<ObjectNode> render(String dir) {
        return parse(renderText(ROOT.resolve(dir)));
    }

    /** The YAML of {@code kubectl kustomize <dir>}. */
    static String renderText(Path dir) {
        try {
            Path err = Files.createTempFile("kustomize", ".err");
            Process process = new ProcessBuilder(kubectl().toString(), "kustomize", dir.toString())
                    .redirectError(err.toFile()).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + dir + " did not finish within 120 s");
            }
            String errors = Files.readString(err);
            Files.delete(err);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + dir + " failed (exit " + process.exitValue()
                        + "): " + errors);
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The documents of a multi-document YAML stream, each an object. */
    static List<ObjectNode> parse(String yaml) {
        List<ObjectNode> objects = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml)) {
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode node = it.next();
                if (node instanceof ObjectNode object) {
                    objects.add(object);
                } else if (node != null && !node.isNull() && !node.isMissingNode()) {
                    throw new IllegalStateException("A document is not an object: " + node);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return objects;
    }

    /** {@code Kind/name} for messages. */
    static String id(JsonNode object) {
        return object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
    }
}
