package dev.rewind.cli.client;

import dev.rewind.api.rollouts.RolloutActionRequest;
import dev.rewind.api.rollouts.RolloutList;
import dev.rewind.api.rollouts.RolloutRequest;
import dev.rewind.api.rollouts.RolloutView;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.api.Json;
import dev.rewind.api.dlq.DeadLetterDetail;
import dev.rewind.api.dlq.DeadLetterList;
import dev.rewind.api.dlq.RedriveRequest;
import dev.rewind.api.dlq.RedriveView;
import dev.rewind.api.components.ComponentList;
import dev.rewind.api.events.EventPage;
import dev.rewind.api.events.EventStory;
import dev.rewind.api.events.VersionStatsList;
import dev.rewind.api.problems.Problem;
import dev.rewind.api.problems.ProblemException;
import dev.rewind.api.replays.ReplayList;
import dev.rewind.api.replays.ReplayRequest;
import dev.rewind.api.replays.ReplayState;
import dev.rewind.api.replays.ReplayStatus;
import dev.rewind.api.routes.ChannelList;
import dev.rewind.api.routes.ChannelRequest;
import dev.rewind.api.routes.ChannelView;
import dev.rewind.api.routes.RouteList;
import dev.rewind.api.routes.RouteRequest;
import dev.rewind.api.routes.RouteView;
import dev.rewind.api.shadows.ShadowRunList;
import dev.rewind.api.shadows.ShadowRunReport;
import dev.rewind.api.shadows.ShadowRunState;
import dev.rewind.api.shadows.ShadowRunView;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * A typed client of the replay service's REST API ({@code /api/v1}, see {@code openapi.json}):
 * one method per operation, returning the API model's records.
 *
 * <p>Errors: an answer with status 400 or above throws {@link ProblemException} carrying the
 * service's problem document; a service that cannot be reached at all throws
 * {@link ServerUnreachableException}. Thread-safe.
 */
public final class RewindClient {

    private static final ObjectMapper MAPPER = Json.mapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final URI server;
    private final String token;
    private final SSLSocketFactory tls;

    /**
     * @param server the service's base URL, e.g. {@code http://localhost:8080}
     * @param token a bearer token, or null / blank for none
     */
    public RewindClient(URI server, String token) {
        this(server, token, null);
    }

    /**
     * @param server the service's base URL, e.g. {@code https://rewind.example.com}
     * @param token a bearer token, or null / blank for none
     * @param tls the TLS context an {@code https://} server is reached with (e.g.
     *     {@link Truststores#sslContext}); null means the JVM's default
     */
    public RewindClient(URI server, String token, SSLContext tls) {
        this.tls = tls == null ? null : tls.getSocketFactory();
        String base = server.toString();
        this.server = URI.create(base.endsWith("/") ? base : base + "/");
        this.token = token == null || token.isBlank() ? null : token.strip();
    }

    /** {@code POST /api/v1/replays}: starts a replay; the answer is the pending replay. */
    public ReplayStatus startReplay(ReplayRequest request) {
        return send("POST", "api/v1/replays", request, ReplayStatus.class);
    }

    /** {@code GET /api/v1/replays/{id}}. */
    public ReplayStatus replay(String id) {
        return send("GET", "api/v1/replays/" + encode(id), null, ReplayStatus.class);
    }

    /** {@code GET /api/v1/replays}, newest first; null filters are left out. */
    public ReplayList replays(String component, ReplayState state) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("component", component);
        query.put("state", state == null ? null : state.label());
        return send("GET", "api/v1/replays" + query(query), null, ReplayList.class);
    }

    /** {@code DELETE /api/v1/replays/{id}}: asks to cancel; the answer says how far it got. */
    public ReplayStatus cancelReplay(String id, String reason) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("reason", reason);
        return send("DELETE", "api/v1/replays/" + encode(id) + query(query), null, ReplayStatus.class);
    }

    /** {@code GET /api/v1/components}. */
    public ComponentList components() {
        return send("GET", "api/v1/components", null, ComponentList.class);
    }

    /** {@code GET /api/v1/components/{component}/routes}. */
    public RouteList routes(String component) {
        return send("GET", component(component) + "/routes", null, RouteList.class);
    }

    /** {@code PUT /api/v1/components/{component}/routes/{selector}}. */
    public RouteView setRoute(String component, String selector, RouteRequest request) {
        return send("PUT", component(component) + "/routes/" + encode(selector), request, RouteView.class);
    }

    /** {@code DELETE /api/v1/components/{component}/routes/{selector}?reason=...}. */
    public RouteView unsetRoute(String component, String selector, String reason) {
        return send("DELETE", component(component) + "/routes/" + encode(selector)
                + query(Map.of("reason", reason)), null, RouteView.class);
    }

    /** {@code GET /api/v1/components/{component}/channels}. */
    public ChannelList channels(String component) {
        return send("GET", component(component) + "/channels", null, ChannelList.class);
    }

    /** {@code PUT /api/v1/components/{component}/channels/{channel}}. */
    public ChannelView setChannel(String component, String channel, ChannelRequest request) {
        return send("PUT", component(component) + "/channels/" + encode(channel), request, ChannelView.class);
    }

    /**
     * {@code GET /api/v1/events}: a page of a cohort's events.
     *
     * @param parameters query parameters ({@code cohort}, {@code from}, {@code to}, {@code type},
     *     {@code version}, {@code status}, {@code limit}, {@code cursor}); null values are left out
     */
    public EventPage events(Map<String, String> parameters) {
        return send("GET", "api/v1/events" + query(parameters), null, EventPage.class);
    }

    /** {@code GET /api/v1/events/{eventId}}: one event's story. */
    public EventStory event(String eventId) {
        return send("GET", "api/v1/events/" + encode(eventId), null, EventStory.class);
    }

    /** {@code GET /api/v1/components/{component}/versions?window=...&by=...}; {@code by} may be null. */
    public VersionStatsList versions(String component, String window, String by) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("window", window);
        query.put("by", by);
        return send("GET", component(component) + "/versions" + query(query), null, VersionStatsList.class);
    }

    /**
     * One page of a component's dead-letter entries.
     *
     * @param parameters query parameters ({@code version}, {@code reason}, {@code cohort}, {@code from},
     *     {@code to}, {@code limit}, {@code cursor}); null values are left out
     */
    public DeadLetterList deadLetters(String component, Map<String, String> parameters) {
        return send("GET", component(component) + "/dlq" + query(parameters), null, DeadLetterList.class);
    }

    /** One dead-letter entry with its original record. */
    public DeadLetterDetail deadLetter(String component, String id) {
        return send("GET", component(component) + "/dlq/" + encode(id), null, DeadLetterDetail.class);
    }

    /** Starts a redrive of dead letters. */
    public RedriveView redrive(String component, RedriveRequest request) {
        return send("POST", component(component) + "/dlq/redrives", request, RedriveView.class);
    }

    /** {@code GET /api/v1/shadows}, newest first; null filters are left out. */
    public ShadowRunList shadowRuns(String component, ShadowRunState state) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("component", component);
        parameters.put("state", state == null ? null : state.label());
        return send("GET", "api/v1/shadows" + query(parameters), null, ShadowRunList.class);
    }

    /** {@code GET /api/v1/shadows/{id}}. */
    public ShadowRunView shadowRun(String id) {
        return send("GET", "api/v1/shadows/" + encode(id), null, ShadowRunView.class);
    }

    /** {@code PUT /api/v1/shadows/{id}}: a runner's report; the answer says whether to stop. */
    public ShadowRunView reportShadowRun(String id, ShadowRunReport report) {
        return send("PUT", "api/v1/shadows/" + encode(id), report, ShadowRunView.class);
    }

    /** {@code DELETE /api/v1/shadows/{id}}: asks the run to stop. */
    public ShadowRunView stopShadowRun(String id) {
        return send("DELETE", "api/v1/shadows/" + encode(id), null, ShadowRunView.class);
    }

    /** {@code POST /api/v1/rollouts}: starts a guarded rollout. */
    public RolloutView startRollout(RolloutRequest request) {
        return send("POST", "api/v1/rollouts", request, RolloutView.class);
    }

    /** {@code GET /api/v1/rollouts/{id}}: the rollout with its decisions and what its guard sees now. */
    public RolloutView rollout(String id) {
        return send("GET", "api/v1/rollouts/" + encode(id), null, RolloutView.class);
    }

    /** {@code GET /api/v1/rollouts}, newest first; null filters are left out. */
    public RolloutList rollouts(String component, String state) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("component", component);
        query.put("state", state);
        return send("GET", "api/v1/rollouts" + query(query), null, RolloutList.class);
    }

    /**
     * {@code POST /api/v1/rollouts/{id}/<action>}.
     *
     * @param action {@code pause}, {@code resume} or {@code abort}
     */
    public RolloutView rolloutAction(String id, String action, String reason) {
        return send("POST", "api/v1/rollouts/" + encode(id) + "/" + encode(action),
                new RolloutActionRequest(reason), RolloutView.class);
    }

    private static String component(String component) {
        return "api/v1/components/" + encode(component);
    }

    private static String encode(String pathSegmentOrQueryValue) {
        return URLEncoder.encode(pathSegmentOrQueryValue, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String query(Map<String, String> parameters) {
        StringJoiner joined = new StringJoiner("&", "?", "").setEmptyValue("");
        parameters.forEach((name, value) -> {
            if (value != null) {
                joined.add(encode(name) + "=" + encode(value));
            }
        });
        return joined.toString();
    }

    private <T> T send(String method, String path, Object body, Class<T> type) {
        Response response = exchange(method, server.resolve(path), body == null ? null : write(body));
        if (response.status() >= 400) {
            throw new ProblemException(problem(response));
        }
        try {
            return MAPPER.readValue(response.body(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The service at " + server + " answered " + method + " /" + path
                    + " with a body that is not a " + type.getSimpleName() + " (" + e.getOriginalMessage()
                    + "); is it a rewind service of the same API version?", e);
        }
    }

    private record Response(URI uri, int status, String body) {
    }

    /*
     * HttpURLConnection rather than java.net.http.HttpClient: a CLI call makes one request, and
     * HttpClient's start-up (its selector thread and an SSL context even for http) costs a few
     * hundred milliseconds of CPU that every command would pay.
     */
    private Response exchange(String method, URI uri, String body) {
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) uri.toURL().openConnection();
            if (tls != null && connection instanceof HttpsURLConnection https) {
                https.setSSLSocketFactory(tls);
            }
            connection.setRequestMethod(method);
            connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            connection.setReadTimeout((int) REQUEST_TIMEOUT.toMillis());
            connection.setRequestProperty("Accept", "application/json, " + Problem.MEDIA_TYPE);
            if (token != null) {
                connection.setRequestProperty("Authorization", "Bearer " + token);
            }
            if (body != null) {
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", "application/json");
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Response(uri, status, text);
        } catch (ConnectException | UnknownHostException | SocketTimeoutException | NoRouteToHostException e) {
            throw new ServerUnreachableException(server, e);
        } catch (IOException e) {
            throw new ServerUnreachableException(server, e);
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    /** The problem document of an error answer; a stand-in when the body is not one (e.g. a proxy's page). */
    private static Problem problem(Response response) {
        String body = response.body().strip();
        try {
            Problem problem = MAPPER.readValue(body, Problem.class);
            if (problem != null && problem.type() != null && problem.title() != null) {
                return problem;
            }
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException notAProblem) {
            // falls through to the stand-in
        }
        return new Problem(URI.create("about:blank"), "HTTP " + response.status(), response.status(),
                body.isEmpty() ? null : body, response.uri().getPath(), Map.of());
    }

    private static String write(Object body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
