package dev.rewind.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class SchemaRegistryOptionsTest {

    @Test
    void optionsDefaultToTheSchemasTopic() {
        SchemaRegistryServer.Options options = SchemaRegistryServer.Options.of("localhost:9092");

        assertThat(options.topic()).isEqualTo("_schemas");
        assertThat(options.port()).isZero();
        assertThat(new SchemaRegistryServer.Options("localhost:9092", 8081, null).topic()).isEqualTo("_schemas");
        assertThat(options.withPort(8081).withTopic("other").topic()).isEqualTo("other");
        assertThat(options.kafkaConfig()).isEmpty();
        assertThat(options.withKafkaConfig(java.util.Map.of("security.protocol", "SSL")).withPort(1).kafkaConfig())
                .containsEntry("security.protocol", "SSL");
    }

    @Test
    void badOptionsAreRefusedWithTheFix() {
        assertThatThrownBy(() -> SchemaRegistryServer.Options.of(" "))
                .hasMessageContaining("bootstrapServers").hasMessageContaining("localhost:9092");
        assertThatThrownBy(() -> SchemaRegistryServer.Options.of("localhost:9092").withPort(70_000))
                .hasMessageContaining("70000");
        assertThatThrownBy(() -> SchemaRegistryServer.Options.of("localhost:9092").withTopic("bad topic!"))
                .hasMessageContaining("bad topic!");
    }

    @Test
    void theCommandLineNeedsBootstrapServersAndExitsWithTwoOnBadOptions() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new SchemaRegistryMain()).setErr(new PrintWriter(err));

        assertThat(commandLine.execute("--port", "8081")).isEqualTo(2);
        assertThat(err.toString()).contains("--bootstrap-servers");
        assertThat(new CommandLine(new SchemaRegistryMain()).setErr(new PrintWriter(new StringWriter()))
                .execute("--bootstrap-servers", "localhost:9092", "--port", "eighty")).isEqualTo(2);
    }

    @Test
    void helpListsEveryOption() {
        StringWriter out = new StringWriter();
        int exit = new CommandLine(new SchemaRegistryMain()).setOut(new PrintWriter(out)).execute("--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("--bootstrap-servers", "--port", "--topic", "--kafka-property");
    }
}
