package dev.rewind.kafka.embedded.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;

/**
 * Finds a free TCP port on the loopback interface. The port is released before the broker binds
 * it, so another process could take it in between; on a test machine that race is rare enough,
 * and the controller port must be known before the config is written (static quorum voters).
 */
public final class FreePort {

    private FreePort() {
    }

    /**
     * A free port that is none of {@code taken}: the kernel may hand out a port it just gave us
     * again once that socket is closed, and two listeners of one broker on the same port fail.
     */
    public static int find(int... taken) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = findOne();
            if (Arrays.stream(taken).noneMatch(t -> t == port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port on the loopback interface other than "
                + Arrays.toString(taken));
    }

    private static int findOne() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on the loopback interface", e);
        }
    }
}
