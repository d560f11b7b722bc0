package dev.rewind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of the commands that call the service: connection options, the command's own output
 * writer (so tests can capture it) and JSON printing.
 */
abstract class ApiCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    // not mixinStandardHelpOptions: its --version would clash with the component version option
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    boolean json() {
        return connection.output == OutputFormat.json;
    }

    ApiClient client() {
        return connection.client();
    }

    void printJson(JsonNode node) {
        out().println(ApiClient.pretty(node));
        out().flush();
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? "-" : value.asText();
    }
}
