package dev.ota.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * An MQTT 5 client written byte by byte over mutual TLS, for what a well-behaved client library refuses to do: send a
 * packet larger than the broker announced. Only CONNECT and QoS 0 PUBLISH.
 */
public final class RawMqttClient implements AutoCloseable {

    private final SSLSocket socket;
    private final OutputStream out;
    private final InputStream in;

    private RawMqttClient(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    public static RawMqttClient connect(
            String host, int port, String clientId, KeyStore keys, char[] password, KeyStore trust) throws Exception {
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        RawMqttClient client =
                new RawMqttClient((SSLSocket) tls.getSocketFactory().createSocket(host, port));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, "MQTT");
        body.write(5); // protocol version
        body.write(0x02); // clean start
        body.write(0);
        body.write(60); // keep alive
        body.write(0); // no properties
        writeString(body, clientId);
        client.send(0x10, body.toByteArray());
        int type = client.in.read();
        if (type != 0x20) {
            throw new IOException("expected CONNACK, got " + type);
        }
        byte[] connack = client.in.readNBytes(remainingLength(client.in));
        if (connack.length < 2 || connack[1] != 0) {
            throw new IOException("connect refused, reason " + (connack.length < 2 ? -1 : connack[1] & 0xff));
        }
        return client;
    }

    /** Sends a QoS 0 PUBLISH; false when the broker cut the connection while it was being sent. */
    public boolean publishQos0(String topic, byte[] payload) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, topic);
        body.write(0); // no properties
        body.write(payload);
        try {
            send(0x30, body.toByteArray());
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    /** Whether the broker closed the connection (end of stream, or a DISCONNECT first) within {@code wait}. */
    public boolean closedByBroker(Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        try {
            while (true) {
                int type = in.read();
                if (type == -1 || type == 0xE0) {
                    return true;
                }
                in.readNBytes(remainingLength(in));
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private void send(int header, byte[] body) throws IOException {
        out.write(header);
        int length = body.length;
        do {
            int digit = length % 128;
            length /= 128;
            out.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        out.write(body);
        out.flush();
    }

    private static int remainingLength(InputStream in) throws IOException {
        int value = 0;
        int shift = 0;
        int digit;
        do {
            digit = in.read();
            if (digit < 0) {
                throw new IOException("connection closed");
            }
            value |= (digit & 0x7f) << shift;
            shift += 7;
        } while ((digit & 0x80) != 0);
        return value;
    }

    private static void writeString(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xff);
        out.write(bytes, 0, bytes.length);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
