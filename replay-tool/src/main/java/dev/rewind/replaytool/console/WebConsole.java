package dev.rewind.replaytool.console;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;

/**
 * The web console: static HTML, JavaScript modules and CSS from the class path folder
 * {@value #RESOURCES}, served at {@value #PATH} by the replay service itself, with {@code /}
 * redirecting there.
 *
 * <p>The console is a client of the public REST API only ({@code /api/v1/...}): it holds no state
 * on the server and needs no build step at run time. The API's access control applies to what the
 * console does; the static files themselves are public (they contain no data).
 */
public final class WebConsole {

    /** Where the console is served. */
    public static final String PATH = "/console";

    /** Class path folder of the console's files. */
    public static final String RESOURCES = "/console";

    private WebConsole() {
    }

    /** Adds the static files to a Javalin configuration. */
    public static void serveFrom(JavalinConfig config) {
        config.staticFiles.add(files -> {
            files.hostedPath = PATH;
            files.directory = RESOURCES;
            files.location = Location.CLASSPATH;
        });
    }

    /** Sends a browser opening the service's root to the console. */
    public static void redirectRoot(Javalin app) {
        // only the root: Javalin ignores trailing slashes, so a route on PATH would shadow PATH + "/"
        app.get("/", ctx -> ctx.redirect(PATH + "/"));
    }
}
