package dev.ota.cli.platform;

import dev.ota.cli.Terminal;

/** Base URLs of the services: the local platform's ports unless an environment variable names another place. */
public record ServiceUrls(Terminal terminal) {

    public String of(Service service) {
        String configured = terminal.variable(service.variable());
        return (configured == null ? service.localUrl() : configured).replaceAll("/+$", "");
    }
}
