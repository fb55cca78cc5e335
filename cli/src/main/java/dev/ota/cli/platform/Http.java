package dev.ota.cli.platform;

import dev.ota.cli.CliFailure;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/** The HTTP client, with transport failures turned into one line that names the service and what to check. */
public final class Http {

    static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public <T> HttpResponse<T> send(Service service, HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return client.send(request, body);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw CliFailure.failed("cannot reach " + service.serviceName() + " at "
                    + request.uri().getScheme() + "://"
                    + request.uri().getAuthority() + " (is the platform running? ./ota up; or set "
                    + service.variable() + ")");
        } catch (IOException e) {
            throw CliFailure.failed(request.method() + " " + request.uri() + " failed: "
                    + Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.failed("interrupted");
        }
    }
}
