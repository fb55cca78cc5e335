package dev.ota.campaign.rollout.messaging;

import dev.ota.campaign.rollout.DirectorOffers;
import dev.ota.campaign.rollout.RolloutEvents;
import dev.ota.contracts.events.ConsentAnswered;
import dev.ota.contracts.events.DirectorEvent;
import dev.ota.contracts.events.DirectorMetadataIssued;
import dev.ota.contracts.events.RollbackCompleted;
import dev.ota.contracts.events.RollbackDecided;
import dev.ota.contracts.events.RollbackEvent;
import dev.ota.contracts.events.StageVerdict;
import dev.ota.contracts.events.UpdateProgress;
import dev.ota.contracts.events.VehicleReport;
import dev.ota.platform.messaging.InboundEvents;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * The rollout's inbound events: verdicts (ota.health.verdicts), rollback decisions (ota.rollback.events),
 * vehicle progress and consent (ota.vehicle.reports), and the director's issued metadata (ota.director.metadata). Each is idempotent by event id; events about unknown campaigns
 * or vehicles are dead-lettered.
 */
@Configuration(proxyBeanMethods = false)
class RolloutConsumers {

    @Bean
    Consumer<Message<byte[]>> verdicts(InboundEvents inbound, RolloutEvents events) {
        return inbound.idempotent("campaign-verdicts", StageVerdict.class, events::verdict);
    }

    @Bean
    Consumer<Message<byte[]>> rollbacks(InboundEvents inbound, RolloutEvents events) {
        return inbound.idempotent("campaign-rollbacks", RollbackEvent.class, event -> {
            if (event instanceof RollbackDecided decided) {
                events.rollbackDecided(decided);
            } else if (event instanceof RollbackCompleted completed) {
                events.rollbackCompleted(completed);
            }
        });
    }

    /** What the director offered each assignment's vehicle (deltas against full images), for the campaign's savings. */
    @Bean
    Consumer<Message<byte[]>> directorMetadata(InboundEvents inbound, DirectorOffers offers) {
        return inbound.idempotent("campaign-director-metadata", DirectorEvent.class, event -> {
            if (event instanceof DirectorMetadataIssued issued) {
                offers.issued(issued);
            }
        });
    }

    @Bean
    Consumer<Message<byte[]>> vehicleReports(InboundEvents inbound, RolloutEvents events) {
        return inbound.idempotent("campaign-vehicle-reports", VehicleReport.class, event -> {
            if (event instanceof UpdateProgress progress) {
                events.progress(progress);
            } else if (event instanceof ConsentAnswered consent) {
                events.consent(consent);
            }
        });
    }
}
