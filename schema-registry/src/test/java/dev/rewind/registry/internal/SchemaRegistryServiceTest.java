package dev.rewind.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.rewind.registry.internal.compat.CompatibilityLevel;
import dev.rewind.registry.internal.store.InMemorySchemaLog;
import dev.rewind.registry.internal.store.SchemaStore;

class SchemaRegistryServiceTest {

    private static final Schema V1 = record("{\"name\": \"a\", \"type\": \"int\"}");
    private static final Schema V2 = record("{\"name\": \"a\", \"type\": \"int\"}",
            "{\"name\": \"b\", \"type\": \"string\", \"default\": \"x\"}");
    private static final Schema V3 = record("{\"name\": \"a\", \"type\": \"int\"}",
            "{\"name\": \"b\", \"type\": \"string\"}");

    private final InMemorySchemaLog log = new InMemorySchemaLog();
    private final SchemaStore store = new SchemaStore(log, Duration.ofSeconds(10));
    private final SchemaRegistryService service;

    SchemaRegistryServiceTest() {
        store.start();
        service = new SchemaRegistryService(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aTransitiveLevelRejectsWhatTheNonTransitiveOneAccepts() {
        service.settings().setLevel("plain", CompatibilityLevel.BACKWARD);
        service.settings().setLevel("transitive", CompatibilityLevel.BACKWARD_TRANSITIVE);
        for (String subject : new String[] {"plain", "transitive"}) {
            service.register(subject, V1);
            service.register(subject, V2);
        }

        assertThat(service.register("plain", V3)).isPositive();
        assertThatThrownBy(() -> service.register("transitive", V3))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("version 1", "b");
                });
    }

    @Test
    void transitiveChecksSkipSoftDeletedVersions() {
        service.settings().setLevel("transitive", CompatibilityLevel.BACKWARD_TRANSITIVE);
        service.register("transitive", V1);
        service.register("transitive", V2);

        service.deleteVersion("transitive", new VersionSpec(1), false);

        assertThat(service.register("transitive", V3)).isPositive();
        assertThat(service.versions("transitive", false)).containsExactly(2, 3);
    }

    @Test
    void theCompatibilityTestWithoutAVersionChecksLikeARegistration() {
        service.settings().setLevel("transitive", CompatibilityLevel.BACKWARD_TRANSITIVE);
        service.register("transitive", V1);
        service.register("transitive", V2);

        assertThat(service.testCompatibility("transitive", null, V3)).isNotEmpty();
        assertThat(service.testCompatibility("transitive", VersionSpec.LATEST, V3)).isEmpty();
    }

    @Test
    void aStoreRestartedFromTheSameLogServesTheSameIdsVersionsAndLevels() {
        int id1 = service.register("users", V1);
        int id2 = service.register("users", V2);
        service.register("others", V1);
        service.settings().setLevel("users", CompatibilityLevel.FULL);
        service.deleteVersion("users", new VersionSpec(2), false);

        SchemaStore restarted = new SchemaStore(log, Duration.ofSeconds(10));
        restarted.start();
        SchemaRegistryService again = new SchemaRegistryService(restarted);

        assertThat(again.subjects(false)).containsExactly("others", "users");
        assertThat(again.versions("users", true)).containsExactly(1, 2);
        assertThat(again.versions("users", false)).containsExactly(1);
        assertThat(again.lookup("others", V1, false).id()).isEqualTo(id1);
        assertThat(again.schemaById(id2)).isEqualTo(V2.toString());
        assertThat(again.settings().subjectLevel("users", false)).isEqualTo(CompatibilityLevel.FULL);
        assertThat(again.register("third", V3)).isEqualTo(id2 + 1);
    }

    @Test
    void idsStayUniqueAfterCompactionRemovedPermanentlyDeletedSchemas() {
        service.register("users", V1);
        int lastId = service.register("users", V2);
        service.deleteSubject("users", false);
        service.deleteSubject("users", true);

        SchemaStore fromCompacted = new SchemaStore(log.compacted(), Duration.ofSeconds(10));
        fromCompacted.start();

        assertThat(fromCompacted.state().subjects(true)).isEmpty();
        assertThat(new SchemaRegistryService(fromCompacted).register("users", V3)).isEqualTo(lastId + 1);
    }

    @Test
    void aSecondInstanceOnTheSameLogServesIdsTheFirstJustRegistered() {
        SchemaStore secondStore = new SchemaStore(log, Duration.ofSeconds(10));
        secondStore.start();
        SchemaRegistryService second = new SchemaRegistryService(secondStore);

        int id = service.register("users", V1);

        assertThat(second.schemaById(id)).isEqualTo(V1.toString());
        assertThat(second.register("users", V1)).isEqualTo(id);
        assertThat(second.register("users", V2)).isEqualTo(id + 1);
        assertThat(service.version("users", VersionSpec.LATEST, false).id()).isEqualTo(id + 1);
    }

    @Test
    void aWriteOvertakenByAnotherInstanceIsDecidedAgainOnTheNewerLog() {
        SchemaStore otherStore = new SchemaStore(log, Duration.ofSeconds(10));
        otherStore.start();
        SchemaRegistryService other = new SchemaRegistryService(otherStore);
        service.settings().setLevel("users", CompatibilityLevel.NONE);
        int[] otherId = new int[1];
        log.beforeNextCommit(() -> otherId[0] = other.register("users", V2));

        int id = service.register("users", V1);

        assertThat(otherId[0]).isEqualTo(1);
        assertThat(id).isEqualTo(2);
        assertThat(service.version("users", new VersionSpec(1), false).id()).isEqualTo(otherId[0]);
        assertThat(service.version("users", new VersionSpec(2), false).id()).isEqualTo(id);
        assertThat(log.records()).hasSize(3);
    }

    @Test
    void aWriteThatKeepsBeingOvertakenGivesUpWithAStoreErrorAndStoresNothing() {
        log.alwaysConflict(true);

        assertThatThrownBy(() -> service.register("users", V1))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(Errors.STORE_ERROR);
                    assertThat(e.getMessage()).contains("Retry");
                });
        assertThat(log.records()).isEmpty();
    }

    @Test
    void recordsThisRegistryDoesNotKnowAreSkipped() {
        log.appendRaw("{\"keytype\":\"NOOP\",\"magic\":0}", null);
        log.appendRaw("not json", "{}");

        SchemaStore restarted = new SchemaStore(log, Duration.ofSeconds(10));
        restarted.start();

        assertThat(new SchemaRegistryService(restarted).register("users", V1)).isEqualTo(1);
    }

    private static Schema record(String... fields) {
        return new Schema.Parser().parse("{\"type\": \"record\", \"name\": \"R\", \"fields\": ["
                + String.join(", ", fields) + "]}");
    }
}
