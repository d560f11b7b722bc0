package dev.rewind.cli;

import dev.rewind.cli.client.RewindClient;
import java.net.URI;
import picocli.CommandLine.Option;

/** Where the service is, how to authenticate and how to print: shared by every command. */
final class ConnectionOptions {

    @Option(names = "--server", paramLabel = "URL", defaultValue = "${env:REWIND_SERVER:-http://localhost:8080}",
            description = "Replay service base URL (env REWIND_SERVER; default ${DEFAULT-VALUE}).")
    URI server;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:REWIND_TOKEN}",
            description = "Bearer token (env REWIND_TOKEN).")
    String token;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    OutputFormat output;

    RewindClient client() {
        return new RewindClient(server, token);
    }
}
