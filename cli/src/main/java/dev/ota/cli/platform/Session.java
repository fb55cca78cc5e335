package dev.ota.cli.platform;

import dev.ota.cli.CliFailure;
import dev.ota.cli.Terminal;
import java.time.Clock;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The bearer token for the next request: the kept login (renewed and kept again when it is about to expire), or, with
 * no login kept, a token for {@code $OTA_CLIENT_ID} and {@code $OTA_CLIENT_SECRET} (a CI job needs no login step).
 */
public final class Session {

    private final Terminal terminal;
    private final LoginStore store;
    private final TokenClient tokens;
    private final ServiceUrls urls;
    private final Clock clock;
    private @Nullable Login current;

    public Session(Terminal terminal, Http http, Clock clock) {
        this.terminal = terminal;
        this.store = new LoginStore(terminal.configDirectory());
        this.tokens = new TokenClient(http, clock);
        this.urls = new ServiceUrls(terminal);
        this.clock = clock;
    }

    public synchronized String bearerToken() {
        Login login = current;
        if (login == null) {
            login = kept().orElseGet(this::fromEnvironment);
        }
        String secret = login.clientSecret();
        if (secret == null) {
            if (login.expired(clock.instant())) {
                throw CliFailure.failed(
                        "the device login expired at " + login.expiresAt() + ": run ota login --device again");
            }
        } else if (login.needsRenewal(clock.instant())) {
            Login renewed = tokens.logIn(login.issuer(), login.clientId(), secret);
            if (store.read().isPresent()) {
                store.write(renewed);
            }
            login = renewed;
        }
        current = login;
        return login.accessToken();
    }

    private Optional<Login> kept() {
        return store.read();
    }

    private Login fromEnvironment() {
        String clientId = terminal.variable("OTA_CLIENT_ID");
        String secret = terminal.variable("OTA_CLIENT_SECRET");
        if (clientId == null || secret == null) {
            throw CliFailure.failed("not logged in: run ota login (or set OTA_CLIENT_ID and OTA_CLIENT_SECRET)");
        }
        return tokens.logIn(urls.of(Service.AUTH), clientId, secret);
    }
}
