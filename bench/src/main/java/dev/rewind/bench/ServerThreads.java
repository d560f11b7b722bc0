package dev.rewind.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Map;

/**
 * Heap allocated and CPU time spent by the HTTP server's threads (Javalin's Jetty pool,
 * {@value #PREFIX}*) between two snapshots: what a query costs, whatever the machine's load
 * ({@code com.sun.management.ThreadMXBean}, per thread). A thread that exits between the snapshots
 * takes its figures with it; Jetty keeps idle threads for a minute, longer than a repetition.
 */
final class ServerThreads {

    static final String PREFIX = "JettyServerThreadPool";

    /**
     * @param allocatedBytes heap allocated by those threads
     * @param cpuNanos       their CPU time
     */
    record Usage(long allocatedBytes, long cpuNanos) {
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final Map<Long, Usage> start;

    private ServerThreads(Map<Long, Usage> start) {
        this.start = start;
    }

    /** Starts measuring now. */
    static ServerThreads start() {
        return new ServerThreads(snapshot());
    }

    /** What the server's threads used since {@link #start}. */
    Usage used() {
        long bytes = 0;
        long cpu = 0;
        for (Map.Entry<Long, Usage> now : snapshot().entrySet()) {
            Usage before = start.getOrDefault(now.getKey(), new Usage(0, 0));
            bytes += now.getValue().allocatedBytes() - before.allocatedBytes();
            cpu += now.getValue().cpuNanos() - before.cpuNanos();
        }
        return new Usage(bytes, cpu);
    }

    private static Map<Long, Usage> snapshot() {
        Map<Long, Usage> usage = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(PREFIX)) {
                long id = info.getThreadId();
                long bytes = THREADS.getThreadAllocatedBytes(id);
                long cpu = THREADS.getThreadCpuTime(id);
                if (bytes >= 0 && cpu >= 0) {
                    usage.put(id, new Usage(bytes, cpu));
                }
            }
        }
        return usage;
    }
}
