package dev.ota.signing.fleetca;

import dev.ota.contracts.events.CertificateRenewalEvent;
import dev.ota.contracts.events.VehicleCertificateInUse;
import dev.ota.contracts.events.VehicleCertificateRequested;
import dev.ota.platform.messaging.InboundEvents;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/** Renewal requests in, answers out: binding {@code fleetCaRequests-in-0} on ota.fleet.certificate-requests. */
@Configuration(proxyBeanMethods = false)
class RenewalConsumers {

    @Bean
    Consumer<Message<byte[]>> fleetCaRequests(InboundEvents inbound, CertificateRenewals renewals) {
        return inbound.idempotent("fleet-ca-requests", CertificateRenewalEvent.class, event -> {
            switch (event) {
                case VehicleCertificateRequested request -> renewals.renew(request);
                case VehicleCertificateInUse seen -> renewals.inUse(seen);
                default -> {
                    // answers are this service's own output
                }
            }
        });
    }
}
