package dev.rewind.images.demo;

import dev.rewind.examples.release.generator.DemoEventGenerator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes the demo's release events until stopped, as {@code rewind up} does on one machine: the event
 * source of the dev overlay's quickstart. Exit codes: 0 after a clean stop, 1 when the generator cannot
 * start, 2 on bad options.
 */
@Command(name = "demo-events", mixinStandardHelpOptions = true,
        description = "Produce the release-coordinator demo's events to release.events through the registry.")
public final class DemoEventsMain implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(names = "--registry-url", required = true, paramLabel = "URL", description = "Schema registry URL.")
    String registryUrl;

    @Option(names = "--rate", defaultValue = "20", paramLabel = "EVENTS_PER_SECOND",
            description = "Events per second (default ${DEFAULT-VALUE}).")
    double rate;

    public static void main(String[] args) {
        System.exit(new CommandLine(new DemoEventsMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        DemoEventGenerator generator;
        try {
            generator = DemoEventGenerator.start(DemoEventGenerator.Options.demo(bootstrapServers, registryUrl, rate));
        } catch (RuntimeException e) {
            System.err.println("demo-events: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            generator.close();
            stopped.countDown();
        }, "demo-events-shutdown"));
        stopped.await();
        return 0;
    }
}
