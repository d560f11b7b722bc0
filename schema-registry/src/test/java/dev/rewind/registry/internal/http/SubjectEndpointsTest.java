package dev.rewind.registry.internal.http;

import static dev.rewind.registry.internal.http.RegistryFixture.ORDER;
import static dev.rewind.registry.internal.http.RegistryFixture.USER_V1;
import static dev.rewind.registry.internal.http.RegistryFixture.USER_V2;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.rewind.registry.internal.http.RegistryClient.Response;

class SubjectEndpointsTest {

    private final RegistryFixture registry = new RegistryFixture();
    private final RegistryClient client = registry.client;

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void registersASchemaAndAnswersWithItsIdInConfluentsMediaType() {
        Response response = registry.register("users-value", USER_V1);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(response.json().get("id").asInt()).isEqualTo(1);
    }

    @Test
    void registeringTheSameSchemaAgainReturnsTheSameIdWithoutANewVersion() {
        int id = registry.registerOk("users-value", USER_V1);
        String reformatted = new Schema.Parser().parse(USER_V1).toString(true);

        assertThat(registry.registerOk("users-value", reformatted)).isEqualTo(id);
        assertThat(client.get("/subjects/users-value/versions").body()).isEqualTo("[1]");
    }

    @Test
    void theSameSchemaUnderAnotherSubjectKeepsItsIdAndANewSchemaGetsTheNextId() {
        int id = registry.registerOk("users-value", USER_V1);

        assertThat(registry.registerOk("people-value", USER_V1)).isEqualTo(id);
        assertThat(registry.registerOk("orders-value", ORDER)).isEqualTo(id + 1);
        assertThat(client.get("/subjects").body()).isEqualTo("[\"orders-value\",\"people-value\",\"users-value\"]");
    }

    @Test
    void servesAVersionByNumberAndAsLatestWithItsRawSchema() {
        registry.registerOk("users-value", USER_V1);
        int id2 = registry.registerOk("users-value", USER_V2);

        Response latest = client.get("/subjects/users-value/versions/latest");
        assertThat(latest.json().get("subject").asText()).isEqualTo("users-value");
        assertThat(latest.json().get("version").asInt()).isEqualTo(2);
        assertThat(latest.json().get("id").asInt()).isEqualTo(id2);
        assertThat(new Schema.Parser().parse(latest.json().get("schema").asText()))
                .isEqualTo(new Schema.Parser().parse(USER_V2));
        assertThat(client.get("/subjects/users-value/versions/1").json().get("version").asInt()).isEqualTo(1);
        assertThat(client.get("/subjects/users-value/versions/-1").json().get("version").asInt()).isEqualTo(2);
        Response raw = client.get("/subjects/users-value/versions/1/schema");
        assertThat(new Schema.Parser().parse(raw.body())).isEqualTo(new Schema.Parser().parse(USER_V1));
    }

    @Test
    void subjectNamesMayHoldCharactersThatNeedEncoding() {
        String subject = "team/app value+x";
        String encoded = "team%2Fapp%20value%2Bx";

        assertThat(registry.register(encoded, USER_V1).status()).isEqualTo(200);

        assertThat(client.get("/subjects").json().get(0).asText()).isEqualTo(subject);
        assertThat(client.get("/subjects/" + encoded + "/versions/1").json().get("subject").asText())
                .isEqualTo(subject);
    }

    @Test
    void unknownSubjectsAndVersionsAreConfluents404Codes() {
        registry.registerOk("users-value", USER_V1);

        assertThat(client.get("/subjects/nobody/versions").errorCode()).isEqualTo(40401);
        assertThat(client.get("/subjects/nobody/versions/1").errorCode()).isEqualTo(40401);
        Response version = client.get("/subjects/users-value/versions/7");
        assertThat(version.status()).isEqualTo(404);
        assertThat(version.errorCode()).isEqualTo(40402);
        assertThat(version.json().get("message").asText()).contains("Version 7", "users-value");
    }

    @Test
    void aVersionThatIsNotANumberOrLatestIs42202() {
        registry.registerOk("users-value", USER_V1);

        for (String bad : new String[] {"abc", "0", "-2", "1.5"}) {
            Response response = client.get("/subjects/users-value/versions/" + bad);
            assertThat(response.status()).as(bad).isEqualTo(422);
            assertThat(response.errorCode()).as(bad).isEqualTo(42202);
        }
    }

    @Test
    void lookupFindsTheVersionOfARegisteredSchema() {
        registry.registerOk("users-value", USER_V1);
        int id = registry.registerOk("users-value", USER_V2);

        Response found = client.post("/subjects/users-value", RegistryClient.schemaBody(USER_V2));

        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().get("id").asInt()).isEqualTo(id);
        assertThat(found.json().get("version").asInt()).isEqualTo(2);
        assertThat(found.json().get("subject").asText()).isEqualTo("users-value");
        assertThat(found.json().has("schema")).isTrue();
    }

    @Test
    void lookupOfAnUnregisteredSchemaIs40403AndOfAnUnknownSubject40401() {
        registry.registerOk("users-value", USER_V1);

        Response missing = client.post("/subjects/users-value", RegistryClient.schemaBody(ORDER));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo(40403);
        assertThat(client.post("/subjects/nobody", RegistryClient.schemaBody(ORDER)).errorCode()).isEqualTo(40401);
    }

    @Test
    void softDeletingAVersionHidesItUntilDeletedIsAskedFor() {
        registry.registerOk("users-value", USER_V1);
        registry.registerOk("users-value", USER_V2);

        Response deleted = client.delete("/subjects/users-value/versions/2");

        assertThat(deleted.body()).isEqualTo("2");
        assertThat(client.get("/subjects/users-value/versions").body()).isEqualTo("[1]");
        assertThat(client.get("/subjects/users-value/versions?deleted=true").body()).isEqualTo("[1,2]");
        assertThat(client.get("/subjects/users-value/versions/2").errorCode()).isEqualTo(40402);
        assertThat(client.get("/subjects/users-value/versions/2?deleted=true").json().get("version").asInt())
                .isEqualTo(2);
        assertThat(client.get("/subjects/users-value/versions/latest").json().get("version").asInt()).isEqualTo(1);
        assertThat(client.delete("/subjects/users-value/versions/2").errorCode()).isEqualTo(40406);
    }

    @Test
    void deletingTheOnlyVersionAgainAfterASoftDeleteIs40406AsConfluentAnswers() {
        registry.registerOk("users-value", USER_V1);
        assertThat(client.delete("/subjects/users-value/versions/1").body()).isEqualTo("1");

        Response again = client.delete("/subjects/users-value/versions/1");

        assertThat(again.status()).isEqualTo(404);
        assertThat(again.errorCode()).isEqualTo(40406);
        assertThat(again.json().get("message").asText()).contains("permanent=true");
        assertThat(client.delete("/subjects/users-value/versions/latest").errorCode()).isEqualTo(40402);
        assertThat(client.delete("/subjects/users-value/versions/7").errorCode()).isEqualTo(40402);
        assertThat(client.delete("/subjects/nobody/versions/1").errorCode()).isEqualTo(40401);
        assertThat(client.delete("/subjects/users-value/versions/1?permanent=true").body()).isEqualTo("1");
    }

    @Test
    void permanentlyDeletingAVersionNeedsASoftDeleteFirst() {
        registry.registerOk("users-value", USER_V1);
        registry.registerOk("users-value", USER_V2);

        Response refused = client.delete("/subjects/users-value/versions/2?permanent=true");
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.errorCode()).isEqualTo(40407);

        client.delete("/subjects/users-value/versions/2");
        assertThat(client.delete("/subjects/users-value/versions/2?permanent=true").body()).isEqualTo("2");
        assertThat(client.get("/subjects/users-value/versions?deleted=true").body()).isEqualTo("[1]");
    }

    @Test
    void softDeletingASubjectListsItsVersionsAndHidesIt() {
        registry.registerOk("users-value", USER_V1);
        registry.registerOk("users-value", USER_V2);

        assertThat(client.delete("/subjects/users-value").body()).isEqualTo("[1,2]");

        assertThat(client.get("/subjects").body()).isEqualTo("[]");
        assertThat(client.get("/subjects?deleted=true").body()).isEqualTo("[\"users-value\"]");
        assertThat(client.get("/subjects/users-value/versions").errorCode()).isEqualTo(40401);
        Response again = client.delete("/subjects/users-value");
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.errorCode()).isEqualTo(40404);
    }

    @Test
    void permanentlyDeletingASubjectNeedsASoftDeleteFirst() {
        registry.registerOk("users-value", USER_V1);

        Response refused = client.delete("/subjects/users-value?permanent=true");
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.errorCode()).isEqualTo(40405);
        assertThat(client.get("/subjects").body()).isEqualTo("[\"users-value\"]");

        client.delete("/subjects/users-value");
        assertThat(client.delete("/subjects/users-value?permanent=true").body()).isEqualTo("[1]");
        assertThat(client.get("/subjects?deleted=true").body()).isEqualTo("[]");
        assertThat(client.delete("/subjects/users-value").errorCode()).isEqualTo(40401);
    }

    @Test
    void registeringAgainAfterASoftDeleteContinuesTheVersionsAndKeepsTheId() {
        int id = registry.registerOk("users-value", USER_V1);
        client.delete("/subjects/users-value");

        assertThat(registry.registerOk("users-value", USER_V1)).isEqualTo(id);
        assertThat(client.get("/subjects/users-value/versions").body()).isEqualTo("[2]");
    }

    @Test
    void idsOfPermanentlyDeletedSchemasAreNeverHandedOutAgain() {
        registry.registerOk("users-value", USER_V1);
        int deletedId = registry.registerOk("users-value", USER_V2);
        client.delete("/subjects/users-value");
        client.delete("/subjects/users-value?permanent=true");

        assertThat(client.get("/schemas/ids/" + deletedId).errorCode()).isEqualTo(40403);
        assertThat(registry.registerOk("orders-value", ORDER)).isEqualTo(deletedId + 1);
    }
}
