package dev.rewind.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The image tarballs Jib wrote (every {@code verify}; not with {@code -Drewind.images.skip}): their tags, user, entrypoint and exposed ports, then
 * each image's own root filesystem run with {@code chroot} as its user (no container engine here): the
 * entrypoint's JVM starts and the main class answers.
 */
class ImageTarballsIT {

    static final List<String> MODULES = Images.MODULES;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path IMAGES = Path.of(System.getProperty("rewind.images.dir", "../images"));

    @ParameterizedTest
    @FieldSource("MODULES")
    void theTarballIsTaggedAsTheManifestsExpectAndRunsAsNonRootJava(String module) throws IOException {
        Images.Image image = Images.of(module);
        Path tarball = IMAGES.resolve(module).resolve("target/jib-image.tar");
        JsonNode manifest = JSON.readTree(entry(tarball, "manifest.json")).path(0);
        JsonNode config = JSON.readTree(entry(tarball, manifest.path("Config").asText())).path("config");

        assertThat(manifest.path("RepoTags").get(0).asText()).isEqualTo(image.reference());
        assertThat(config.path("User").asText()).isEqualTo("65532:65532");
        List<String> entrypoint = texts(config.path("Entrypoint"));
        assertThat(entrypoint).startsWith("/opt/java/bin/java").contains("-XX:MaxRAMPercentage=75",
                "-XX:+ExitOnOutOfMemoryError").endsWith(image.main());
        if (module.equals("replay-service")) {
            // the history index's queries need short pauses whatever collector the container's size would pick
            assertThat(entrypoint).contains("-XX:+UseZGC");
        }
        Set<String> exposed = new HashSet<>();
        config.path("ExposedPorts").fieldNames().forEachRemaining(exposed::add);
        assertThat(exposed).containsAll(declaredPorts(image));
    }

    @ParameterizedTest
    @FieldSource("MODULES")
    void theImagesOwnJvmStartsItsMainClass(String module, @TempDir Path root) throws Exception {
        Images.Image image = Images.of(module);
        Path tarball = IMAGES.resolve(module).resolve("target/jib-image.tar");
        JsonNode manifest = JSON.readTree(entry(tarball, "manifest.json")).path(0);
        JsonNode config = JSON.readTree(entry(tarball, manifest.path("Config").asText())).path("config");
        Path layers = Files.createDirectories(root.resolve("layers"));
        Path rootfs = Files.createDirectories(root.resolve("rootfs"));
        run(List.of("tar", "-xf", tarball.toString(), "-C", layers.toString()), Map.of());
        for (JsonNode layer : manifest.path("Layers")) {
            run(List.of("tar", "-xzf", layers.resolve(layer.asText()).toString(), "-C", rootfs.toString()), Map.of());
        }
        Map<String, String> env = new java.util.HashMap<>();
        config.path("Env").forEach(e -> env.put(e.asText().split("=", 2)[0], e.asText().split("=", 2)[1]));
        List<String> command = new ArrayList<>(List.of("chroot", "--userspec=65532:65532", rootfs.toString()));
        command.addAll(texts(config.path("Entrypoint")));
        // the engine's Main prints its usage on no argument (exit 2); the picocli mains answer --help
        boolean engine = image.main().equals("dev.rewind.engine.Main");
        if (!engine) {
            command.add("--help");
        }

        Result result = run(command, env);

        assertThat(result.exitCode()).as(result.output()).isEqualTo(engine ? 2 : 0);
        assertThat(result.output()).containsIgnoringCase("usage");
    }

    record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.environment().putIfAbsent("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        if (command.get(0).equals("chroot") && !"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("chroot needs root: run the build as root (CI does) to run the images, or skip them with -Drewind.images.skip");
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        return new Result(process.exitValue(), output);
    }

    /** The ports the base overlay's containers of this image declare, as {@code <port>/tcp}. */
    private static Set<String> declaredPorts(Images.Image image) {
        Set<String> ports = new HashSet<>();
        for (JsonNode workload : Rendered.of("base").workloads()) {
            for (JsonNode container : Rendered.podSpec(workload).path("containers")) {
                if (container.path("image").asText().equals(image.reference()) && !container.has("command")) {
                    container.path("ports").forEach(p -> ports.add(p.path("containerPort").asInt() + "/tcp"));
                }
            }
        }
        return ports;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    /** One file of an (uncompressed) tar archive, read with the system's tar. */
    private static byte[] entry(Path tarball, String name) throws IOException {
        Process process = new ProcessBuilder("tar", "-xOf", tarball.toString(), name).start();
        try (InputStream in = process.getInputStream()) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length == 0) {
                throw new IOException(name + " is not in " + tarball + "; build the images (./mvnw verify without -Drewind.images.skip)");
            }
            return bytes;
        }
    }
}
