package dev.rewind.engine;

import dev.rewind.engine.config.EngineConfig;
import dev.rewind.engine.config.EnvironmentOverrides;
import dev.rewind.engine.config.InvalidEngineConfigException;
import dev.rewind.engine.processor.ProcessorSupplier;
import dev.rewind.engine.runtime.ProcessorClasses;
import dev.rewind.engine.runtime.ComponentRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one component version: {@code java dev.rewind.engine.Main <config.properties>}.
 *
 * <p>Settings come from the file, overridden by {@code REWIND_*} environment variables (see
 * {@link EnvironmentOverrides}); {@code processor.class} names the processor. Exit codes: 0 after a
 * clean stop (SIGTERM), 1 when the instance failed, 2 for a usage or configuration error (the
 * message names each bad key and its fix).
 */
public final class Main {

    /** Exit code of a failed instance. */
    public static final int EXIT_FAILED = 1;
    /** Exit code of a usage or configuration error. */
    public static final int EXIT_CONFIG = 2;

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(args, System.getenv(), System.err));
    }

    /** Runs until the JVM is asked to stop or the instance fails; returns the exit code. */
    static int run(String[] args, Map<String, String> environment, PrintStream err) throws InterruptedException {
        EngineConfig config;
        ProcessorSupplier processors;
        try {
            config = load(args, environment);
            processors = processors(config);
        } catch (IllegalArgumentException | InvalidEngineConfigException e) {
            err.println(e.getMessage());
            return EXIT_CONFIG;
        }
        ComponentRuntime runtime = ComponentRuntime.builder(config).processor(processors).build();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            runtime.close();
            stopped.countDown();
        }, "rewind-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        runtime.start();
        while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
            if (runtime.state() == ComponentRuntime.State.FAILED) {
                err.println("Component version failed: " + runtime.failure().map(Throwable::toString).orElse("?"));
                runtime.close();
                return EXIT_FAILED;
            }
        }
        return 0;
    }

    static EngineConfig load(String[] args, Map<String, String> environment) {
        if (args.length != 1) {
            throw new IllegalArgumentException("Usage: java " + Main.class.getName() + " <config.properties>");
        }
        Path file = Path.of(args[0]);
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read configuration file " + file.toAbsolutePath()
                    + ": " + e.getMessage() + "; pass the path of a readable .properties file", e);
        }
        Map<String, Object> settings = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> settings.put(name, properties.getProperty(name).trim()));
        return EngineConfig.of(EnvironmentOverrides.apply(settings, environment));
    }

    /**
     * A supplier creating a new instance of {@code processor.class} on every call (the live processor
     * and each dry run's own one), after checking the class once.
     */
    static ProcessorSupplier processors(EngineConfig config) {
        return ProcessorClasses.supplier(config.processorClass());
    }

}
