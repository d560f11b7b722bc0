package dev.rewind.local;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rewind up}: starts a {@link LocalStack}, prints where everything is and runs until Ctrl-C.
 */
@Command(name = "up", mixinStandardHelpOptions = true, version = "rewind 0.1.0",
        description = "Start rewind on this machine: an embedded Kafka broker (KRaft, data kept in --home),"
                + " the schema registry, the replay service and the release-coordinator demo. Ctrl-C stops it.")
public final class UpCommand implements Callable<Integer> {

    /** Exit code when the stack did not start. */
    public static final int EXIT_START_FAILED = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--no-demo", negatable = false, description = "Start only the platform, without the demo.")
    boolean noDemo;

    @Option(names = "--kafka", paramLabel = "HOST:PORT",
            description = "Use this Kafka cluster instead of starting the embedded broker.")
    String kafka;

    @Option(names = "--registry", paramLabel = "URL",
            description = "Use this Confluent-compatible schema registry instead of the embedded one.")
    String registry;

    @Option(names = "--home", paramLabel = "DIR", defaultValue = ".rewind",
            description = "Folder keeping the broker's data and the demo's state across restarts (default ${DEFAULT-VALUE}).")
    Path home;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Embedded broker port (default ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--registry-port", defaultValue = "8081", description = "Embedded registry port (default ${DEFAULT-VALUE}).")
    int registryPort;

    @Option(names = "--port", defaultValue = "8080", description = "Replay service port (default ${DEFAULT-VALUE}).")
    int apiPort;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = LocalStackOptions.LOOPBACK,
            description = "Address the registry, the replay service and the console listen on (default"
                    + " ${DEFAULT-VALUE}: this machine only, as the embedded broker; 0.0.0.0 = every interface).")
    String bindAddress;

    @Option(names = "--rate", paramLabel = "EVENTS_PER_SECOND", defaultValue = "20",
            description = "Demo events per second (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--connect", negatable = false,
            description = "Also start a Kafka Connect worker (its own process, rewind's converter and transforms on"
                    + " its plugin path); with the demo, it delivers the committed decisions to"
                    + " <home>/connect/release-decisions.txt.")
    boolean connect;

    @Option(names = "--connect-port", defaultValue = "8083",
            description = "Kafka Connect REST port (default ${DEFAULT-VALUE}).")
    int connectPort;

    @Option(names = "--connect-build", paramLabel = "DIR", hidden = true,
            defaultValue = "${sys:rewind.connectors.target:-connectors/target}",
            description = "The connectors module's build output (set by ./rewind).")
    Path connectBuild;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        ConnectOptions connectOptions = null;
        if (connect) {
            try {
                connectOptions = ConnectOptions.builtIn(connectBuild, connectPort);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("rewind up --connect: " + e.getMessage());
                return EXIT_START_FAILED;
            }
        }
        LocalStackOptions options = new LocalStackOptions(home, kafka, registry, !noDemo, kafkaPort, registryPort,
                apiPort, rate, bindAddress, connectOptions);
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "rewind-local-logback.xml");
        }
        if (System.getProperty("rewind.log.file") == null) {
            // read by rewind-local-logback.xml when the first logger is created, just below
            System.setProperty("rewind.log.file", home.resolve("rewind.log").toString());
        }
        LocalStack stack;
        try {
            stack = LocalStack.start(options);
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("rewind up failed: " + e.getMessage());
            return EXIT_START_FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping rewind...");
            out.flush();
            stack.close();
            out.println("rewind stopped; data kept in " + stack.home().toAbsolutePath());
            out.flush();
            stopped.countDown();
        }, "rewind-up-shutdown"));
        new StartupSummary(stack, sinceJvmStart()).print(out);
        out.flush();
        stopped.await();
        return 0;
    }

    private static Duration sinceJvmStart() {
        return Duration.ofMillis(System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
    }
}
