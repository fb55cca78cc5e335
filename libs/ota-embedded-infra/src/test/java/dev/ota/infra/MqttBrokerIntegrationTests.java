package dev.ota.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttBrokerIntegrationTests {

    @TempDir
    Path home;

    @Test
    void stoppedBrokerRefusesConnectionsAndStartsAgainOnTheSamePort() {
        int port = FreePorts.pick();
        try (MqttBroker broker = MqttBroker.start(port, home)) {
            assertThat(accepts(port)).isTrue();

            broker.stop();
            assertThat(accepts(port)).as("listener closed while stopped").isFalse();

            broker.startAgain();
            assertThat(accepts(port)).as("listening again on the same port").isTrue();

            broker.stop();
            broker.startAgain();
            assertThat(accepts(port)).as("and again after a second restart").isTrue();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
