package dev.ota.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.contracts.Topics;
import dev.ota.contracts.events.UpdateAssigned;
import dev.ota.testsupport.KafkaTestClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A campaign taken through four-eyes to RUNNING by its people, and the assignments it hands out, as tests need them. */
public final class RunningCampaigns {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private RunningCampaigns() {}

    /** Created by rita, submitted, approved by aaron and started by olga: the campaign's id, RUNNING. */
    public static UUID started(Api api, Map<String, Object> body) {
        Api.Reply created = api.post("rita", "RELEASE_ENGINEER", "/api/campaigns", body);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String id = created.text("id");
        api.post("rita", "RELEASE_ENGINEER", "/api/campaigns/" + id + "/submit", "{}");
        api.post("aaron", "APPROVER", "/api/campaigns/" + id + "/approve", Api.reason("ok"));
        assertThat(api.post("olga", "FLEET_OPS", "/api/campaigns/" + id + "/start", Api.reason("go"))
                        .text("state"))
                .isEqualTo("RUNNING");
        return UUID.fromString(id);
    }

    /** The campaign's update assignments on Kafka so far. */
    public static List<UpdateAssigned> assignments(UUID campaign) {
        return KafkaTestClient.readAll(Topics.VEHICLE_ASSIGNMENTS).stream()
                .flatMap(r -> KafkaTestClient.eventOf(r, UpdateAssigned.class).stream())
                .filter(a -> a.campaignId().equals(campaign))
                .toList();
    }

    /** The campaign's update assignments once there are at least {@code count}. */
    public static List<UpdateAssigned> awaitAssignments(UUID campaign, int count) {
        await().atMost(WAIT).until(() -> assignments(campaign).size() >= count);
        return assignments(campaign);
    }
}
