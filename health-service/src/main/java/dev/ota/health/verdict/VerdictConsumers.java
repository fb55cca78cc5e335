package dev.ota.health.verdict;

import dev.ota.contracts.events.CampaignEvent;
import dev.ota.contracts.events.StageStarted;
import dev.ota.platform.messaging.InboundEvents;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/** The verdict feature's input: each stage's health criteria, announced when the stage starts. */
@Configuration(proxyBeanMethods = false)
class VerdictConsumers {

    @Bean
    Consumer<Message<byte[]>> healthCampaigns(InboundEvents inbound, CohortTallies tallies) {
        return inbound.idempotent("health-campaigns", CampaignEvent.class, event -> {
            if (event instanceof StageStarted started) {
                tallies.stageStarted(started);
            }
        });
    }
}
