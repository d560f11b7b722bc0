package dev.rewind.replaytool.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.replaytool.access.AccessControl;
import dev.rewind.replaytool.access.AccessTokens;
import dev.rewind.replaytool.http.HttpApi;
import dev.rewind.api.Json;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The console's files are served by the API's app with types a browser accepts, without a token. */
class WebConsoleTest {

    private static Javalin app;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        app = HttpApi.create(Json.mapper(), new AccessControl(AccessTokens.parse("secret=olga:operator")));
        app.start(0);
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    @Test
    void theRootRedirectsToTheConsole() throws Exception {
        HttpResponse<String> response = get("/");
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue(WebConsole.PATH + "/");
    }

    @Test
    void thePageIsServedAsHtmlWithoutAToken() throws Exception {
        HttpResponse<String> response = get(WebConsole.PATH + "/");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(response.body()).contains("<script type=\"module\" src=\"js/main.js\">");
    }

    @Test
    void scriptsAreServedAsJavaScriptSoBrowsersRunThemAsModules() throws Exception {
        for (String file : new String[] {"js/main.js", "js/api.js", "js/pages/replays.js"}) {
            HttpResponse<String> response = get(WebConsole.PATH + "/" + file);
            assertThat(response.statusCode()).as(file).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).as(file)
                    .hasValueSatisfying(t -> assertThat(t).matches("(text|application)/javascript.*"));
        }
        assertThat(get(WebConsole.PATH + "/console.css").headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
    }

    @Test
    void theApiStillNeedsATokenWhenTheConsoleIsServed() throws Exception {
        HttpResponse<String> response = get("/api/v1/replays");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    }

    @Test
    void aMissingConsoleFileIsAProblemNotAStackTrace() throws Exception {
        HttpResponse<String> response = get(WebConsole.PATH + "/js/nope.js");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).doesNotContain("Exception");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
