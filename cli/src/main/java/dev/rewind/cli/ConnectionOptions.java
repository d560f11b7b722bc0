package dev.rewind.cli;

import dev.rewind.cli.client.RewindClient;
import dev.rewind.cli.client.Truststores;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the service is, how to authenticate and how to print: shared by every command (a picocli mixin; public
 * for the commands the {@code rewind} launcher adds, e.g. {@code shadow start}).
 */
public final class ConnectionOptions {

    @Option(names = "--server", paramLabel = "URL", defaultValue = "${env:REWIND_SERVER:-http://localhost:8080}",
            description = "Replay service base URL (env REWIND_SERVER; default ${DEFAULT-VALUE}).")
    URI server;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:REWIND_TOKEN}",
            description = "Bearer token (env REWIND_TOKEN).")
    String token;

    @Option(names = "--truststore", paramLabel = "FILE", defaultValue = "${env:REWIND_TRUSTSTORE}",
            description = "Key store (PKCS12 or JKS) of the certificates to trust for an https:// server, e.g. its"
                    + " CA's (env REWIND_TRUSTSTORE; default: the JVM's trusted certificates).")
    Path truststore;

    @Option(names = "--truststore-password", paramLabel = "PASSWORD",
            defaultValue = "${env:REWIND_TRUSTSTORE_PASSWORD}",
            description = "Password of --truststore (env REWIND_TRUSTSTORE_PASSWORD).")
    String truststorePassword;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    OutputFormat output;

    /** A client of the service these options name. */
    public RewindClient client() {
        return new RewindClient(server, token, truststore == null ? null
                : Truststores.sslContext(truststore, truststorePassword));
    }

    /** Whether to print JSON ({@code -o json}) rather than text. */
    public boolean json() {
        return output == OutputFormat.json;
    }
}
