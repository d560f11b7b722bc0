package dev.rewind.api.routes;

import dev.rewind.api.OpenApiSchema;
import java.util.List;

/**
 * Body of {@code GET /api/v1/components/{component}/channels}.
 *
 * @param component the component
 * @param channels the latest version of every channel, scheduled changes included
 */
@OpenApiSchema("ChannelList")
public record ChannelList(String component, List<ChannelView> channels) {

    /** Copies the list. */
    public ChannelList {
        channels = List.copyOf(channels);
    }
}
