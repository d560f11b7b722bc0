package dev.rewind.registry.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The registry's HTTP server listens where it is told, loopback by default (issue 15). */
class LoopbackListenerTest {

    @Test
    void aRegistryOnLoopbackCannotBeReachedThroughTheMachinesOtherAddresses() throws Exception {
        InetAddress external = externalAddress().orElse(null);
        Assumptions.assumeTrue(external != null, "this machine has no non-loopback IPv4 address to try");
        try (RegistryFixture registry = new RegistryFixture()) {
            int port = registry.server.port();
            assertThat(registry.client.get("/subjects").status()).isEqualTo(200);
            assertThatThrownBy(() -> connect(external, port)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aRegistryToldToListenEverywhereCanBeReachedThroughTheMachinesOtherAddresses() throws Exception {
        InetAddress external = externalAddress().orElse(null);
        Assumptions.assumeTrue(external != null, "this machine has no non-loopback IPv4 address to try");
        try (RegistryFixture registry = new RegistryFixture("0.0.0.0")) {
            connect(external, registry.server.port());
        }
    }

    private static void connect(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
        }
    }

    static Optional<InetAddress> externalAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}
