package dev.rewind.cli;

import dev.rewind.api.routes.ChannelList;
import dev.rewind.api.routes.ChannelView;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code rewind channels list COMPONENT}: which version each channel points at now. */
@Command(name = "list", description = "List a component's channels.")
final class ChannelsListCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "COMPONENT", description = "Component name.")
    String component;

    @Override
    public Integer call() {
        ChannelList result = client().channels(component);
        if (json()) {
            printJson(result);
            return ExitCodes.DONE;
        }
        out().printf(Locale.ROOT, "%-16s %-16s %-25s %-12s %s%n", "CHANNEL", "VERSION", "EFFECTIVE FROM",
                "AUTHOR", "REASON");
        for (ChannelView c : result.channels()) {
            out().printf(Locale.ROOT, "%-16s %-16s %-25s %-12s %s%n", c.channel(), c.version(),
                    text(c.effectiveFrom()), text(c.author()), text(c.reason()));
        }
        out().flush();
        return ExitCodes.DONE;
    }
}
