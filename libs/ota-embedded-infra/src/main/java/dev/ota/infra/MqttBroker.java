package dev.ota.infra;

import com.codahale.metrics.MetricFilter;
import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.embedded.EmbeddedHiveMQBuilder;
import com.hivemq.extension.sdk.api.ExtensionMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** A HiveMQ Community Edition broker in this JVM, listening on loopback. */
public final class MqttBroker implements AutoCloseable {

    /**
     * Messages the broker queues per session (and per shared-subscription group) before it drops QoS 1 messages.
     * HiveMQ's default of 1,000 loses messages when a fleet bursts faster than the gateway drains; the gateway's
     * receive maximum, not the broker's queue, is meant to be the back-pressure. System property
     * {@code ota.mqtt.max-queued-messages} overrides it.
     */
    private static final long MAX_QUEUED_MESSAGES = Long.getLong("ota.mqtt.max-queued-messages", 1_000_000L);

    /**
     * {@code file} (the default: sessions and queued messages survive restarts) or {@code in-memory} (faster; for
     * load benchmarks). System property {@code ota.mqtt.persistence}.
     */
    private static final String PERSISTENCE = System.getProperty("ota.mqtt.persistence", "file");

    /**
     * The largest MQTT packet the broker accepts from any client: the gateway's 256 KiB payload limit plus 4 KiB for
     * topic and properties. A client that sends a larger one is disconnected (PACKET_TOO_LARGE) and the packet never
     * reaches a subscriber. System property {@code ota.mqtt.max-packet-size} overrides it.
     */
    public static final int MAX_PACKET_SIZE = Integer.getInteger("ota.mqtt.max-packet-size", 256 * 1024 + 4 * 1024);

    private final EmbeddedHiveMQ hivemq;
    private final int port;
    private final int tlsPort;

    private MqttBroker(EmbeddedHiveMQ hivemq, int port, int tlsPort) {
        this.hivemq = hivemq;
        this.port = port;
        this.tlsPort = tlsPort;
    }

    /**
     * A TLS listener that requires client certificates (mutual TLS).
     *
     * @param port listener port, 0 for any free port
     * @param keyStore PKCS#12 (.p12) or JKS file with the broker's key and certificate
     * @param trustStore the CA(s) whose client certificates are accepted
     */
    public record TlsListener(
            int port, Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword) {}

    /**
     * Starts the broker.
     *
     * @param port TCP listener port, 0 for any free port
     * @param home folder for its configuration and data; sessions and queued messages survive restarts there
     */
    public static MqttBroker start(int port, Path home) {
        return start(port, home, null, (EmbeddedExtension) null);
    }

    /**
     * Starts the broker with an optional mutual-TLS listener beside the plain one, and an optional extension
     * registered in-process (e.g. an authenticator and authorizer).
     *
     * @param tls the TLS listener, or null for none
     * @param extension an embedded extension, or null for none
     */
    public static MqttBroker start(
            int port, Path home, @Nullable TlsListener tls, @Nullable EmbeddedExtension extension) {
        int chosen = FreePorts.orPick(port);
        int chosenTls = tls == null ? -1 : FreePorts.orPick(tls.port());
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
                    %s  </listeners>
                      <persistence>
                        <mode>%s</mode>
                      </persistence>
                      <mqtt>
                        <packets>
                          <max-packet-size>%d</max-packet-size>
                        </packets>
                        <queued-messages>
                          <max-queue-size>%d</max-queue-size>
                        </queued-messages>
                      </mqtt>
                      <anonymous-usage-statistics>
                        <enabled>false</enabled>
                      </anonymous-usage-statistics>
                    </hivemq>
                    """.formatted(
                            chosen,
                            tls == null ? "" : tlsListenerXml(tls, chosenTls),
                            PERSISTENCE,
                            MAX_PACKET_SIZE,
                            MAX_QUEUED_MESSAGES));
            EmbeddedHiveMQBuilder builder = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(config)
                    .withDataFolder(data)
                    .withExtensionsFolder(extensions);
            if (extension != null) {
                builder = builder.withEmbeddedExtension(extension);
            }
            EmbeddedHiveMQ hivemq = builder.build();
            hivemq.start().join();
            return new MqttBroker(hivemq, chosen, chosenTls);
        } catch (IOException e) {
            throw new UncheckedIOException("MQTT broker home not writable", e);
        }
    }

    public int port() {
        return port;
    }

    /** Port of the TLS listener; -1 when the broker has none. */
    public int tlsPort() {
        return tlsPort;
    }

    private static String tlsListenerXml(TlsListener tls, int port) {
        return """
                    <tls-tcp-listener>
                      <port>%d</port>
                      <bind-address>127.0.0.1</bind-address>
                      <tls>
                        <keystore>
                          <path>%s</path>
                          <password>%s</password>
                          <private-key-password>%s</private-key-password>
                        </keystore>
                        <truststore>
                          <path>%s</path>
                          <password>%s</password>
                        </truststore>
                        <client-authentication-mode>REQUIRED</client-authentication-mode>
                      </tls>
                    </tls-tcp-listener>
                """.formatted(
                        port,
                        tls.keyStore().toAbsolutePath(),
                        tls.keyStorePassword(),
                        tls.keyStorePassword(),
                        tls.trustStore().toAbsolutePath(),
                        tls.trustStorePassword());
    }

    /**
     * Starts the broker with a mutual-TLS listener beside the plain one and an extension's main class registered
     * in-process (id {@code ota-extension}, started before any client is accepted).
     */
    public static MqttBroker start(int port, Path home, TlsListener tls, ExtensionMain extension) {
        return start(
                port,
                home,
                tls,
                EmbeddedExtension.builder()
                        .withId("ota-extension")
                        .withName(extension.getClass().getSimpleName())
                        .withVersion("1")
                        .withAuthor("ota")
                        .withPriority(1000)
                        .withStartPriority(1000)
                        .withExtensionMain(extension)
                        .build());
    }

    /**
     * Stops the broker while its clients keep running: every connection is closed. With file persistence (the default)
     * sessions, subscriptions and queued messages stay on disk for {@link #startAgain()}.
     */
    public void stop() {
        hivemq.stop().join();
        // the embedded broker keeps one metric registry for its life, and its next start registers every metric again
        hivemq.getMetricRegistry().removeMatching(MetricFilter.ALL);
    }

    /** Starts the broker again after {@link #stop()}, on the same listeners and data folder, with its extension. */
    public void startAgain() {
        hivemq.start().join();
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
