package dev.ota.gateway.director;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits on vehicles' director asks ({@code ota.gateway.director.*}).
 *
 * @param maxAskBytes an ask is a few bytes of JSON; anything larger is refused unread
 * @param askBurst asks a vehicle may make in a row (a reconnect and its schedule meeting)
 * @param askInterval after the burst, one more ask per interval; faster asks are refused and counted. Per gateway
 *     replica: a vehicle's asks are spread over replicas by the shared subscription
 * @param answerExpiry an answer waits this long at the broker for a vehicle that is away; it asks again when back
 */
@ConfigurationProperties("ota.gateway.director")
record DirectorAskProperties(
        @DefaultValue("1024") int maxAskBytes,
        @DefaultValue("3") int askBurst,
        @DefaultValue("PT20S") Duration askInterval,
        @DefaultValue("PT1H") Duration answerExpiry) {

    DirectorAskProperties {
        if (askBurst < 1 || askInterval.isNegative() || askInterval.isZero()) {
            throw new IllegalArgumentException("ota.gateway.director: ask-burst >= 1 and a positive ask-interval");
        }
    }
}
