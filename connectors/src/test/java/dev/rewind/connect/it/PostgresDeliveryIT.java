package dev.rewind.connect.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.schemas.serde.AvroSerializer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A component's outputs, as the engine writes them (Avro in the wire format, headers
 * {@code rewind.event-id}, {@code rewind.version}, {@code rewind.replay-id}), delivered to a real
 * PostgreSQL by Debezium's JDBC sink connector in upsert mode, shaped by rewind's
 * {@code InsertDeliveryFields} and Kafka's {@code Flatten}, on a real distributed worker.
 */
@ExtendWith(KafkaClusterExtension.class)
class PostgresDeliveryIT {

    /** The end (exclusive) of the large batch a worker is stopped in the middle of. */
    private static final int LARGE_BATCH_END = 30_040;

    static final Schema DECISION = new Schema.Parser().parse("""
            {"type":"record","name":"ReleaseDecision","namespace":"dev.rewind.demo.release","fields":[
              {"name":"eventId","type":"string"},
              {"name":"cohort","type":{"type":"record","name":"Cohort","namespace":"dev.rewind.schemas.avro","fields":[
                {"name":"customer","type":["null","string"],"default":null},
                {"name":"plan","type":["null","string"],"default":null},
                {"name":"project","type":["null","string"],"default":null}]}},
              {"name":"project","type":"string"},
              {"name":"action","type":{"type":"enum","name":"ReleaseAction","symbols":["RELEASE","HOLD","ROLLBACK"]}},
              {"name":"reason","type":"string"}]}
            """);

    private static RegistryProcess registry;
    private static EmbeddedPostgres postgres;
    private static String group;

    @BeforeAll
    static void start(KafkaCluster cluster) throws Exception {
        registry = RegistryProcess.start(cluster.bootstrapServers());
        postgres = EmbeddedPostgres.builder().start();
        group = "connect-delivery-" + UUID.randomUUID();
    }

    @AfterAll
    static void stop() throws Exception {
        registry.close();
        postgres.close();
    }

    private static ConnectWorker worker(KafkaCluster cluster) {
        return ConnectWorker.start(ConnectWorker.settings(cluster.bootstrapServers(), group, registry.url()));
    }

    /** Debezium's JDBC sink of {@code topic} into {@code table} of {@code database}, as the README configures it. */
    static Map<String, String> sink(EmbeddedPostgres database, String topic, String table) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector");
        config.put("tasks.max", "1");
        config.put("topics", topic);
        config.put("connection.url", database.getJdbcUrl("postgres", "postgres"));
        config.put("connection.username", "postgres");
        config.put("connection.password", "postgres");
        config.put("insert.mode", "upsert");
        config.put("primary.key.mode", "record_value");
        config.put("primary.key.fields", "rewind_event_id");
        config.put("schema.evolution", "basic");
        config.put("collection.name.format", table);
        config.put("transforms", "delivery,flatten");
        config.put("transforms.delivery.type", "dev.rewind.connect.delivery.InsertDeliveryFields");
        config.put("transforms.flatten.type", "org.apache.kafka.connect.transforms.Flatten$Value");
        config.put("transforms.flatten.delimiter", "_");
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", topic + ".dlq");
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        // the engine writes outputs in transactions: deliver committed ones only, never an aborted attempt
        config.put("consumer.override.isolation.level", "read_committed");
        config.put("consumer.override.max.poll.records", "50");
        return config;
    }

    static GenericRecord decision(String eventId, String customer, String project, String action) {
        GenericRecord cohort = new GenericData.Record(DECISION.getField("cohort").schema());
        cohort.put("customer", customer);
        cohort.put("plan", customer.equals("acme") ? "enterprise" : "free");
        GenericRecord decision = new GenericData.Record(DECISION);
        decision.put("eventId", "d-" + eventId);
        decision.put("cohort", cohort);
        decision.put("project", project);
        decision.put("action", new GenericData.EnumSymbol(DECISION.getField("action").schema(), action));
        decision.put("reason", action.toLowerCase() + " by rule");
        return decision;
    }

    /** Writes outputs as the engine does: keyed by project, Avro value, rewind headers. */
    static void produce(KafkaCluster cluster, String topic, List<GenericRecord> decisions, String version,
                        String replayId) {
        Map<String, Object> config = cluster.clientConfig();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        AvroSerializer values = new AvroSerializer();
        values.configure(Map.of("schema.registry.url", registry.url()), false);
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(config, new StringSerializer(), values)) {
            producer.partitionsFor(topic);
            for (GenericRecord decision : decisions) {
                ProducerRecord<String, Object> record = new ProducerRecord<>(topic, decision.get("project").toString(),
                        decision);
                String eventId = decision.get("eventId").toString().substring(2);
                record.headers().add("rewind.event-id", eventId.getBytes(StandardCharsets.UTF_8));
                record.headers().add("rewind.version", version.getBytes(StandardCharsets.UTF_8));
                if (replayId != null) {
                    record.headers().add("rewind.replay-id", replayId.getBytes(StandardCharsets.UTF_8));
                }
                producer.send(record);
            }
            producer.flush();
        }
    }

    static void produceWithoutHeaders(KafkaCluster cluster, String topic, GenericRecord decision) {
        AvroSerializer values = new AvroSerializer();
        values.configure(Map.of("schema.registry.url", registry.url()), false);
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(cluster.clientConfig(), new StringSerializer(),
                values)) {
            producer.send(new ProducerRecord<>(topic, decision.get("project").toString(), decision));
        }
    }

    static String customerOf(int i) {
        return i % 4 == 0 ? "acme" : i % 4 == 1 ? "globex" : "initech";
    }

    static List<GenericRecord> liveDecisions(int from, int to) {
        List<GenericRecord> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(decision("e" + i, customerOf(i), "p" + (i % 5), customerOf(i).equals("acme") ? "RELEASE" : "HOLD"));
        }
        return out;
    }

    /** event id -> "version|replay id|action|customer" of every row. */
    static Map<String, String> rows(EmbeddedPostgres database, String table) {
        Map<String, String> rows = new TreeMap<>();
        try (Connection connection = database.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT rewind_event_id, rewind_version, rewind_replay_id, "
                     + "action, cohort_customer FROM " + table)) {
            while (result.next()) {
                rows.put(result.getString(1), result.getString(2) + "|" + result.getString(3) + "|"
                        + result.getString(4) + "|" + result.getString(5));
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return rows; // the sink has not created the table yet
            }
            throw new IllegalStateException(e);
        }
        return rows;
    }

    @Test
    void replayedOutputsSupersedeTheEarlierOnesAndRedeliveryOrAWorkerRestartChangesNothing(KafkaCluster cluster) {
        String topic = "decisions-" + UUID.randomUUID();
        String table = "release_decisions";
        cluster.createTopic(topic, 2, (short) 1);
        Map<String, String> connector = sink(postgres, topic, table);

        Map<String, String> afterReplay;
        ConnectWorker worker = worker(cluster);
        try {
            worker.configure("decisions-to-postgres", connector);
            produce(cluster, topic, liveDecisions(0, 40), "v1", null);
            await().atMost(Duration.ofMinutes(3)).until(() -> rows(table).size() == 40);
            Map<String, String> live = rows(table);
            // an output without the engine's headers goes to the connector's dead letter queue, saying why
            produceWithoutHeaders(cluster, topic, decision("stray", "acme", "p1", "RELEASE"));
            var dead = SourceTransformsIT.read(cluster, topic + ".dlq", 1);
            assertThat(SourceTransformsIT.header(dead.get(0), "__connect.errors.exception.message"))
                    .contains("rewind.event-id");
            assertThat(live.values()).allSatisfy(row -> assertThat(row).startsWith("v1|null|"));

            // v2 replays acme's window: the same events, now decided differently, with a replay id
            List<GenericRecord> replayed = liveDecisions(0, 40).stream()
                    .filter(d -> ((GenericRecord) d.get("cohort")).get("customer").equals("acme"))
                    .map(d -> decision(d.get("eventId").toString().substring(2), "acme", d.get("project").toString(),
                            "ROLLBACK"))
                    .toList();
            produce(cluster, topic, replayed, "v2", "r-1");
            await().atMost(Duration.ofMinutes(2)).until(() -> rows(table).values().stream()
                    .filter(r -> r.startsWith("v2|r-1|ROLLBACK|acme")).count() == replayed.size());
            afterReplay = rows(table);
            assertThat(afterReplay).hasSize(40);
            afterReplay.forEach((id, row) -> {
                if (row.endsWith("|acme")) {
                    assertThat(row).isEqualTo("v2|r-1|ROLLBACK|acme");
                } else {
                    assertThat(row).isEqualTo(live.get(id));
                }
            });

            // the whole topic delivered again from its first offset: the table does not change
            worker.put("connectors/decisions-to-postgres/stop", Map.of());
            await().atMost(Duration.ofMinutes(1)).until(() -> worker.state("decisions-to-postgres").startsWith("STOPPED"));
            worker.delete("connectors/decisions-to-postgres/offsets");
            worker.put("connectors/decisions-to-postgres/resume", Map.of());
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> committed(worker, "decisions-to-postgres") >= 40 + 1 + replayed.size());
            assertThat(rows(table)).isEqualTo(afterReplay);

            // the worker goes away in the middle of delivering a large batch; a new one finishes it (large
            // enough that an idle machine's worker cannot deliver it all between the check and the close)
            produce(cluster, topic, liveDecisions(40, LARGE_BATCH_END), "v1", null);
            await().atMost(Duration.ofMinutes(3)).until(() -> rows(table).size() > 200);
        } finally {
            worker.close();
        }
        assertThat(rows(table).size()).isLessThan(LARGE_BATCH_END);
        ConnectWorker replacement = worker(cluster);
        try {
            await().atMost(Duration.ofMinutes(5)).until(() -> rows(table).size() == LARGE_BATCH_END);
            Map<String, String> all = rows(table);
            afterReplay.forEach((id, row) -> assertThat(all).containsEntry(id, row));
            for (int i = 40; i < LARGE_BATCH_END; i++) {
                assertThat(all.get("e" + i)).isEqualTo("v1|null|" + (customerOf(i).equals("acme") ? "RELEASE" : "HOLD")
                        + "|" + customerOf(i));
            }
        } finally {
            replacement.close();
        }
    }

    private static Map<String, String> rows(String table) {
        return rows(postgres, table);
    }

    /** The sink offsets {@code connector} committed, summed over its partitions. */
    static long committed(ConnectWorker worker, String connector) {
        long total = 0;
        for (var offset : worker.get("connectors/" + connector + "/offsets").path("offsets")) {
            total += offset.path("offset").path("kafka_offset").asLong();
        }
        return total;
    }
}
