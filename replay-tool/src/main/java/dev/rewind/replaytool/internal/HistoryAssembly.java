package dev.rewind.replaytool.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.api.events.PausedPartitionView;
import dev.rewind.api.events.RoutedCohort;
import dev.rewind.api.routes.RouteView;
import dev.rewind.clients.ClientSettings;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.replaytool.ReplayToolServer;
import dev.rewind.replaytool.components.ComponentCatalog;
import dev.rewind.replaytool.history.EventIngestor;
import dev.rewind.replaytool.history.HistoryConfig;
import dev.rewind.replaytool.history.HistoryHandlers;
import dev.rewind.replaytool.history.HistoryIndex;
import dev.rewind.replaytool.history.IngestTopics;
import dev.rewind.replaytool.routes.RouteService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;

/**
 * Starts the service's optional history index ({@code /api/v1/events}, the versions API) with what it reads
 * from the rest of the service: the source topics of every known component and the routes by version.
 */
final class HistoryAssembly {

    private HistoryAssembly() {
    }

    /** Starts the index and its ingestor, each pushed on {@code resources}; returns their handlers. */
    static HistoryHandlers start(ReplayToolServer.Options options, ClientSettings clients, Admin admin,
            ObjectMapper mapper, PrometheusMeterRegistry metrics, RouteService routes, ComponentCatalog catalog,
            Resources resources, Function<ComponentVersion, List<PausedPartitionView>> pausedPartitions) {
        // the service's client and registry settings reach the index; history.streams.* ones override them
        Map<String, Object> settings = new HashMap<>(options.clientConfig());
        settings.putAll(options.registryConfig());
        settings.putAll(options.history());
        settings.putIfAbsent(HistoryConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        settings.putIfAbsent(HistoryConfig.SCHEMA_REGISTRY_URL_CONFIG, options.registryUrl());
        HistoryIndex index = resources.push(HistoryIndex.start(new HistoryConfig(settings)));
        resources.push(index.bindMetrics(metrics));
        HistoryConfig historyConfig = new HistoryConfig(settings);
        IngestTopics topics = new IngestTopics(admin, historyConfig.sourcePattern(),
                () -> componentSourceTopics(catalog, routes));
        EventIngestor ingestor = resources.push(new EventIngestor(
                clients.idempotentProducerConfig(ServiceAssembly.CLIENT_ID + "-ingest"), index.registry(), topics));
        return new HistoryHandlers(index, ingestor, catalog, mapper, component -> routedCohorts(routes, component),
                pausedPartitions);
    }

    /** The topics the consumer groups of every known component consume. */
    private static Set<String> componentSourceTopics(ComponentCatalog catalog, RouteService routes) {
        Set<String> topics = new HashSet<>();
        catalog.components(routes.components()).keySet()
                .forEach(component -> catalog.componentPartitions(component).forEach(tp -> topics.add(tp.topic())));
        return topics;
    }

    /** Every route of the component (scheduled ones too) by the version it leads to now or when it takes effect. */
    private static Map<String, List<RoutedCohort>> routedCohorts(RouteService routes, String component) {
        Map<String, String> channelVersions = new HashMap<>();
        routes.channels(component).forEach(c -> channelVersions.put(c.channel(), c.version()));
        Map<String, List<RoutedCohort>> byVersion = new TreeMap<>();
        for (RouteView r : routes.routes(component)) {
            boolean channel = "channel".equals(r.targetKind());
            String version = channel ? channelVersions.get(r.target()) : "version".equals(r.targetKind()) ? r.target()
                    : null;
            if (version != null) {
                byVersion.computeIfAbsent(version, v -> new ArrayList<>()).add(
                        new RoutedCohort(r.selector(), channel ? r.target() : null, r.effectiveFrom()));
            }
        }
        return byVersion;
    }
}
