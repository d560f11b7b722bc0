package dev.rewind.cli;

import dev.rewind.api.Json;
import dev.rewind.cli.client.RewindClient;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Base of the commands that call the service: connection options, the command's own output
 * writer (so tests can capture it) and printing of API records as JSON for {@code --output json}.
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

    RewindClient client() {
        return connection.client();
    }

    void printJson(Object apiRecord) {
        out().println(toJson(apiRecord));
        out().flush();
    }

    static String toJson(Object apiRecord) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(apiRecord);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One line of JSON, for a value inside a text line. */
    static String toCompactJson(Object apiRecord) {
        try {
            return Json.mapper().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(apiRecord);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A value for a text column: {@code -} for none. */
    static String text(Object value) {
        return value == null ? "-" : value.toString();
    }
}
