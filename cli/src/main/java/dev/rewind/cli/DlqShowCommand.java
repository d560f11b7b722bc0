package dev.rewind.cli;

import dev.rewind.api.dlq.DeadLetterDetail;
import dev.rewind.api.dlq.DeadLetterView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code rewind dlq show COMPONENT ID}: one entry with its original record. */
@Command(name = "show", description = "Show one dead-letter entry with the original key, value (base64) and headers.")
final class DlqShowCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "COMPONENT", description = "Component name.")
    String component;

    @Parameters(index = "1", paramLabel = "ID", description = "Entry id, <partition>-<offset> (from dlq list).")
    String id;

    @Override
    public Integer call() {
        DeadLetterDetail detail = client().deadLetter(component, id);
        if (json()) {
            printJson(detail);
            return ExitCodes.DONE;
        }
        DeadLetterView e = detail.entry();
        out().println("entry       " + e.id() + " of " + e.component());
        out().println("version     " + (e.version() == null || e.version().isEmpty() ? "- (on behalf of none)"
                : e.version()));
        out().println("reason      " + text(e.reason()));
        out().println("error       " + text(e.errorClass()));
        out().println("event       " + text(e.eventId()) + " " + DlqListCommand.cohort(e.cohort()));
        out().println("source      " + e.sourceTopic() + "-" + e.sourcePartition() + "@" + e.sourceOffset()
                + " at " + text(e.eventTime()));
        out().println("failed at   " + text(e.failedAt()));
        out().println("key         " + text(detail.key()));
        out().println("value       " + text(detail.value()));
        detail.headers().forEach(h -> out().println("header      " + h.key() + "=" + text(h.value())));
        out().flush();
        return ExitCodes.DONE;
    }
}
