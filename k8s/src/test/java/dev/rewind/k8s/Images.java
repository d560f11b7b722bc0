package dev.rewind.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/** The images the build produces, from the {@code META-INF/rewind/image-<module>.properties} of each image module. */
final class Images {

    /** The image modules under {@code images/}. */
    static final List<String> MODULES = List.of("schema-registry", "replay-service", "component-runner",
            "release-coordinator");

    /** One image: its module, {@code name:tag} and main class. */
    record Image(String module, String reference, String main) {
    }

    private Images() {
    }

    static List<Image> all() {
        return MODULES.stream().map(Images::of).toList();
    }

    static Image of(String module) {
        String resource = "META-INF/rewind/image-" + module + ".properties";
        try (InputStream in = Images.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test classpath; is rewind-image-" + module
                        + " a test dependency of rewind-k8s?");
            }
            Properties properties = new Properties();
            properties.load(in);
            return new Image(module, properties.getProperty("image"), properties.getProperty("main"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
