package dev.rewind.cli;

import dev.rewind.api.routes.ChannelRequest;
import dev.rewind.api.routes.ChannelView;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rewind channels set COMPONENT CHANNEL VERSION}: points a channel at a version. */
@Command(name = "set", description = "Point a channel at a version.")
final class ChannelsSetCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "COMPONENT", description = "Component name.")
    String component;

    @Parameters(index = "1", paramLabel = "CHANNEL", description = "Channel, e.g. stable or beta.")
    String channel;

    @Parameters(index = "2", paramLabel = "VERSION", description = "Version the channel points at.")
    String version;

    @Option(names = "--reason", required = true, description = "Why: recorded in the audit log.")
    String reason;

    @Option(names = "--effective-from", description = "When it applies (ISO-8601); default now plus the margin.")
    Instant effectiveFrom;

    @Override
    public Integer call() {
        ChannelView result = client().setChannel(component, channel,
                new ChannelRequest(version, effectiveFrom, reason));
        if (json()) {
            printJson(result);
        } else {
            out().println("channel " + channel + " of " + component + " -> " + result.version()
                    + " from " + text(result.effectiveFrom()));
            out().flush();
        }
        return ExitCodes.DONE;
    }
}
