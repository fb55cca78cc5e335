package dev.ota.infra;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A HiveMQ Community Edition broker in this JVM, listening on loopback. */
public final class MqttBroker implements AutoCloseable {

    private final EmbeddedHiveMQ hivemq;
    private final int port;

    private MqttBroker(EmbeddedHiveMQ hivemq, int port) {
        this.hivemq = hivemq;
        this.port = port;
    }

    /**
     * Starts the broker.
     *
     * @param port TCP listener port, 0 for any free port
     * @param home folder for its configuration and data; sessions and queued messages survive restarts there
     */
    public static MqttBroker start(int port, Path home) {
        int chosen = FreePorts.orPick(port);
        try {
            Path config = Files.createDirectories(home.resolve("conf"));
            Path data = Files.createDirectories(home.resolve("data"));
            Path extensions = Files.createDirectories(home.resolve("extensions"));
            Files.writeString(config.resolve("config.xml"), """
                    <?xml version="1.0"?>
                    <hivemq>
                      <listeners>
                        <tcp-listener>
                          <port>%d</port>
                          <bind-address>127.0.0.1</bind-address>
                        </tcp-listener>
                      </listeners>
                      <anonymous-usage-statistics>
                        <enabled>false</enabled>
                      </anonymous-usage-statistics>
                    </hivemq>
                    """.formatted(chosen));
            EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(config)
                    .withDataFolder(data)
                    .withExtensionsFolder(extensions)
                    .build();
            hivemq.start().join();
            return new MqttBroker(hivemq, chosen);
        } catch (IOException e) {
            throw new UncheckedIOException("MQTT broker home not writable", e);
        }
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        try {
            hivemq.stop().join();
            hivemq.close();
        } catch (Exception e) {
            throw new IllegalStateException("MQTT broker did not stop cleanly", e);
        }
    }
}
