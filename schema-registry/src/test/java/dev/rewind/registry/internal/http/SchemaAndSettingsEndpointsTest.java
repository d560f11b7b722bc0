package dev.rewind.registry.internal.http;

import static dev.rewind.registry.internal.http.RegistryFixture.USER_V1;
import static dev.rewind.registry.internal.http.RegistryFixture.USER_V2;
import static dev.rewind.registry.internal.http.RegistryFixture.USER_V2_NO_DEFAULT;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.rewind.registry.internal.http.RegistryClient.Response;

class SchemaAndSettingsEndpointsTest {

    private final RegistryFixture registry = new RegistryFixture();
    private final RegistryClient client = registry.client;

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void servesASchemaByIdWithTheSubjectsAndVersionsUsingIt() {
        int id = registry.registerOk("users-value", USER_V1);
        registry.registerOk("people-value", USER_V1);

        Response byId = client.get("/schemas/ids/" + id);
        assertThat(new Schema.Parser().parse(byId.json().get("schema").asText()))
                .isEqualTo(new Schema.Parser().parse(USER_V1));
        assertThat(new Schema.Parser().parse(client.get("/schemas/ids/" + id + "/schema").body()))
                .isEqualTo(new Schema.Parser().parse(USER_V1));
        assertThat(client.get("/schemas/ids/" + id + "/subjects").body())
                .isEqualTo("[\"people-value\",\"users-value\"]");
        assertThat(client.get("/schemas/ids/" + id + "/versions").body()).isEqualTo(
                "[{\"subject\":\"people-value\",\"version\":1},{\"subject\":\"users-value\",\"version\":1}]");
    }

    @Test
    void listsAllSchemasFilteredBySubjectPrefixOrLatestOnly() {
        registry.registerOk("users-value", USER_V1);
        registry.registerOk("users-value", USER_V2);
        registry.registerOk("orders-value", RegistryFixture.ORDER);

        Response all = client.get("/schemas");
        Response users = client.get("/schemas?subjectPrefix=users&latestOnly=true");

        assertThat(all.json()).hasSize(3);
        assertThat(all.json().get(0).get("subject").asText()).isEqualTo("orders-value");
        assertThat(users.json()).hasSize(1);
        assertThat(users.json().get(0).get("version").asInt()).isEqualTo(2);
    }

    @Test
    void nothingRefersToAVersionBecauseReferencesAreNotSupported() {
        registry.registerOk("users-value", USER_V1);

        assertThat(client.get("/subjects/users-value/versions/1/referencedby").body()).isEqualTo("[]");
        assertThat(client.get("/subjects/users-value/versions/2/referencedby").errorCode()).isEqualTo(40402);
    }

    @Test
    void anUnknownOrMalformedIdIs40403() {
        for (String path : new String[] {"/schemas/ids/42", "/schemas/ids/42/schema", "/schemas/ids/42/versions",
                "/schemas/ids/42/subjects", "/schemas/ids/abc"}) {
            Response response = client.get(path);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.errorCode()).as(path).isEqualTo(40403);
        }
    }

    @Test
    void aSoftDeletedSchemaIsStillServedById() {
        int id = registry.registerOk("users-value", USER_V1);
        client.delete("/subjects/users-value");

        assertThat(client.get("/schemas/ids/" + id).status()).isEqualTo(200);
        assertThat(client.get("/schemas/ids/" + id + "/subjects").body()).isEqualTo("[]");
        assertThat(client.get("/schemas/ids/" + id + "/subjects?deleted=true").body()).isEqualTo("[\"users-value\"]");
    }

    @Test
    void listsAvroAsTheOnlySchemaTypeAndAnswersTheRootWithAnEmptyObject() {
        assertThat(client.get("/schemas/types").body()).isEqualTo("[\"AVRO\"]");
        assertThat(client.get("/").body()).isEqualTo("{}");
    }

    @Test
    void theCompatibilityEndpointAnswersIsCompatibleAndExplainsWhenVerbose() {
        registry.registerOk("users-value", USER_V1);

        Response compatible = client.post("/compatibility/subjects/users-value/versions/latest",
                RegistryClient.schemaBody(USER_V2));
        Response incompatible = client.post("/compatibility/subjects/users-value/versions/1",
                RegistryClient.schemaBody(USER_V2_NO_DEFAULT));
        Response verbose = client.post("/compatibility/subjects/users-value/versions/latest?verbose=true",
                RegistryClient.schemaBody(USER_V2_NO_DEFAULT));

        assertThat(compatible.body()).isEqualTo("{\"is_compatible\":true}");
        assertThat(incompatible.body()).isEqualTo("{\"is_compatible\":false}");
        assertThat(verbose.json().get("is_compatible").asBoolean()).isFalse();
        assertThat(verbose.json().get("messages").toString()).contains("READER_FIELD_MISSING_DEFAULT_VALUE", "age");
        assertThat(client.get("/subjects/users-value/versions").body()).isEqualTo("[1]");
    }

    @Test
    void theCompatibilityEndpointAcceptsAnySchemaForANewSubjectButNotAMissingVersion() {
        registry.registerOk("users-value", USER_V1);

        assertThat(client.post("/compatibility/subjects/new-value/versions/latest",
                RegistryClient.schemaBody(USER_V1)).body()).isEqualTo("{\"is_compatible\":true}");
        assertThat(client.post("/compatibility/subjects/users-value/versions/9",
                RegistryClient.schemaBody(USER_V1)).errorCode()).isEqualTo(40402);
        assertThat(client.post("/compatibility/subjects/new-value/versions/1",
                RegistryClient.schemaBody(USER_V1)).errorCode()).isEqualTo(40401);
        assertThat(client.post("/compatibility/subjects/users-value/versions/x",
                RegistryClient.schemaBody(USER_V1)).errorCode()).isEqualTo(42202);
    }

    @Test
    void anIncompatibleRegistrationIs409WithTheReasonAndStoresNothing() {
        registry.registerOk("users-value", USER_V1);
        int records = registry.log.records().size();

        Response response = registry.register("users-value", USER_V2_NO_DEFAULT);

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.errorCode()).isEqualTo(409);
        assertThat(response.json().get("message").asText())
                .contains("incompatible", "users-value", "READER_FIELD_MISSING_DEFAULT_VALUE", "age");
        assertThat(registry.log.records()).hasSize(records);
        assertThat(client.get("/subjects/users-value/versions").body()).isEqualTo("[1]");
    }

    @Test
    void theGlobalCompatibilityLevelIsBackwardUntilChanged() {
        assertThat(client.get("/config").body()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");

        assertThat(client.put("/config", "{\"compatibility\": \"full_transitive\"}").body())
                .isEqualTo("{\"compatibility\":\"FULL_TRANSITIVE\"}");

        assertThat(client.get("/config").body()).isEqualTo("{\"compatibilityLevel\":\"FULL_TRANSITIVE\"}");
        assertThat(client.delete("/config").body()).isEqualTo("{\"compatibilityLevel\":\"FULL_TRANSITIVE\"}");
        assertThat(client.get("/config").body()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
    }

    @Test
    void aSubjectLevelOverridesTheGlobalOneUntilDeleted() {
        registry.registerOk("users-value", USER_V1);
        Response unset = client.get("/config/users-value");
        assertThat(unset.status()).isEqualTo(404);
        assertThat(unset.errorCode()).isEqualTo(40408);
        assertThat(client.get("/config/users-value?defaultToGlobal=true").body())
                .isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");

        client.put("/config/users-value", "{\"compatibility\": \"NONE\"}");

        assertThat(client.get("/config/users-value").body()).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
        assertThat(registry.register("users-value", USER_V2_NO_DEFAULT).status()).isEqualTo(200);
        assertThat(client.delete("/config/users-value").body()).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
        assertThat(client.get("/config/users-value").errorCode()).isEqualTo(40408);
        assertThat(client.delete("/config/users-value").errorCode()).isEqualTo(40408);
    }

    @Test
    void anUnknownCompatibilityLevelIs42203AndChangesNothing() {
        Response response = client.put("/config", "{\"compatibility\": \"SIDEWAYS\"}");

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.errorCode()).isEqualTo(42203);
        assertThat(response.json().get("message").asText()).contains("SIDEWAYS", "BACKWARD_TRANSITIVE");
        assertThat(client.put("/config/users-value", "{}").errorCode()).isEqualTo(42203);
        assertThat(client.get("/config").body()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
        assertThat(registry.log.records()).isEmpty();
    }

    @Test
    void readOnlyModeRejectsEveryWriteWith42205AndStillServesReads() {
        int id = registry.registerOk("users-value", USER_V1);
        assertThat(client.get("/mode").body()).isEqualTo("{\"mode\":\"READWRITE\"}");

        assertThat(client.put("/mode", "{\"mode\": \"READONLY\"}").body()).isEqualTo("{\"mode\":\"READONLY\"}");

        for (Response refused : new Response[] {registry.register("users-value", USER_V2),
                client.delete("/subjects/users-value"), client.delete("/subjects/users-value/versions/1"),
                client.put("/config", "{\"compatibility\": \"NONE\"}")}) {
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.errorCode()).isEqualTo(42205);
        }
        assertThat(client.get("/schemas/ids/" + id).status()).isEqualTo(200);
        client.put("/mode", "{\"mode\": \"READWRITE\"}");
        assertThat(registry.register("users-value", USER_V2).status()).isEqualTo(200);
    }

    @Test
    void anUnknownModeIs42204() {
        Response response = client.put("/mode", "{\"mode\": \"SOMETIMES\"}");

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.errorCode()).isEqualTo(42204);
        assertThat(client.get("/mode").body()).isEqualTo("{\"mode\":\"READWRITE\"}");
    }
}
