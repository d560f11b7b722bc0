package dev.rewind.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The collections of this JVM while it listens, per collector bean, from the JVM's GC notifications:
 * count and longest. For G1's "G1 Young Generation" and ZGC's "ZGC Pauses" (JDK 17+) each
 * notification is a stop-the-world pause; for "ZGC Cycles" it is a mostly concurrent cycle.
 */
final class GcPauses implements AutoCloseable {

    private final Map<String, List<Long>> durations = new TreeMap<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::collected;

    /** Listens from now until {@link #close}. */
    static GcPauses listen() {
        GcPauses pauses = new GcPauses();
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (bean instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(pauses.listener, null, null);
                pauses.emitters.add(emitter);
            }
        }
        return pauses;
    }

    private synchronized void collected(Notification notification, Object handback) {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            GarbageCollectionNotificationInfo info =
                    GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            durations.computeIfAbsent(info.getGcName(), k -> new ArrayList<>()).add(info.getGcInfo().getDuration());
        }
    }

    /** One line per collector bean: its name, count and longest, e.g. {@code G1 Young Generation: 8, max 158 ms}. */
    synchronized String summary() {
        if (durations.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        durations.forEach((name, ms) -> parts.add(String.format(Locale.ROOT, "%s: %d, max %d ms, total %d ms", name,
                ms.size(), ms.stream().mapToLong(Long::longValue).max().orElse(0),
                ms.stream().mapToLong(Long::longValue).sum())));
        return String.join("; ", parts);
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // never added to this one: nothing to remove
            }
        }
    }
}
