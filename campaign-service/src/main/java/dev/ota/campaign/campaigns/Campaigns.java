package dev.ota.campaign.campaigns;

import dev.ota.campaign.images.ImageCatalogue;
import dev.ota.campaign.images.SignedImage;
import dev.ota.campaign.targeting.Targeting;
import dev.ota.contracts.EventCodec;
import dev.ota.contracts.events.CampaignAborted;
import dev.ota.contracts.events.CampaignApproved;
import dev.ota.contracts.events.CampaignCompleted;
import dev.ota.contracts.events.CampaignCreated;
import dev.ota.contracts.events.CampaignPaused;
import dev.ota.contracts.events.CampaignRejected;
import dev.ota.contracts.events.CampaignResumed;
import dev.ota.contracts.events.CampaignRolledBack;
import dev.ota.contracts.events.CampaignScheduled;
import dev.ota.contracts.events.CampaignSubmitted;
import dev.ota.platform.outbox.Outbox;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Campaign records and their lifecycle. Every transition locks the campaign row, is checked against {@link
 * CampaignLifecycle}, recorded with who and why, and emitted through the outbox in the same transaction.
 */
@Service
public class Campaigns {

    static final JsonMapper JSON = EventCodec.mapper();

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final Targeting targeting;
    private final ImageCatalogue images;
    private final Clock clock;

    Campaigns(JdbcClient jdbc, Outbox outbox, Targeting targeting, ImageCatalogue images, Clock clock) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.targeting = targeting;
        this.images = images;
        this.clock = clock;
    }

    /** What the definition's stages can prove with its health criteria, for the fleet its target matches now. */
    @Transactional(readOnly = true)
    public StagePlanReview review(CampaignDefinition definition) {
        return StagePlanReview.of(
                definition.stages(),
                definition.healthCriteria(),
                targeting.preview(definition.target()).total());
    }

    /** Stores a new draft after checking its target compiles and every image is signed, current and fits its ECU. */
    @Transactional
    public Campaign create(CampaignDefinition definition, String actor) {
        targeting.filter(definition.target());
        for (UpdateBundle.Image image : definition.bundle().images()) {
            SignedImage signed = images.find(image.imageName(), image.version())
                    .orElseThrow(() -> new IllegalArgumentException(
                            "image " + image.imageName() + " " + image.version() + " is not in the image repository"));
            if (signed.revoked()) {
                throw new IllegalArgumentException(
                        "image " + image.imageName() + " " + image.version() + " was revoked");
            }
            if (!signed.hardwareIds().contains(image.hardwareId())) {
                throw new IllegalArgumentException("image " + image.imageName() + " " + image.version()
                        + " is not signed for hardware id '" + image.hardwareId() + "' (signed for "
                        + signed.hardwareIds() + ")");
            }
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        jdbc.sql("""
                        insert into campaign (id, name, description, state, definition, hardware_ids, created_by,
                                              stage_count, created_at, updated_at)
                        values (:id, :name, :description, 'DRAFT', cast(:definition as jsonb), :hw, :actor, :stages,
                                :now, :now)
                        """)
                .param("id", id)
                .param("name", definition.name())
                .param("description", definition.description())
                .param("definition", JSON.writeValueAsString(definition))
                .param("hw", definition.bundle().hardwareIds().toArray(String[]::new))
                .param("actor", actor)
                .param("stages", definition.stages().size())
                .param("now", Timestamp.from(now))
                .update();
        record(id, null, CampaignState.DRAFT, CampaignAction.CREATE, actor, "created");
        outbox.publish(new CampaignCreated(
                UUID.randomUUID(),
                now,
                id,
                definition.name(),
                actor,
                definition.stages().size(),
                definition.rollbackPolicy().name(),
                definition.bundle().rxswin()));
        return get(id);
    }

    @Transactional
    public Campaign submit(UUID id, String actor) {
        return transition(id, CampaignAction.SUBMIT, actor, "submitted for approval");
    }

    /** Approves a campaign. The approver must not be its creator (four-eyes), checked here on the server. */
    @Transactional
    public Campaign approve(UUID id, String approver, String remark) {
        Campaign campaign = lock(id);
        if (campaign.createdBy().equals(approver)) {
            throw new FourEyesViolationException(approver);
        }
        Campaign approved = transition(id, CampaignAction.APPROVE, approver, remark.isBlank() ? "approved" : remark);
        jdbc.sql("update campaign set approved_by = :a where id = :id")
                .param("a", approver)
                .param("id", id)
                .update();
        outbox.publish(new CampaignApproved(UUID.randomUUID(), clock.instant(), id, approver, remark));
        return get(approved.id());
    }

    @Transactional
    public Campaign reject(UUID id, String approver, String reason) {
        requireReason(reason);
        return transition(id, CampaignAction.REJECT, approver, reason);
    }

    /** Schedules an approved campaign to start by itself at the given time. */
    @Transactional
    public Campaign schedule(UUID id, Instant startAt, String actor) {
        if (!startAt.isAfter(clock.instant())) {
            throw new IllegalArgumentException("startAt must be in the future");
        }
        Campaign campaign = transition(id, CampaignAction.SCHEDULE, actor, "scheduled for " + startAt);
        jdbc.sql("update campaign set scheduled_at = :at where id = :id")
                .param("at", Timestamp.from(startAt))
                .param("id", id)
                .update();
        outbox.publish(new CampaignScheduled(UUID.randomUUID(), clock.instant(), id, actor, startAt));
        return get(campaign.id());
    }

    /**
     * Applies a lifecycle action to a campaign, locking its row first. Emits the matching event for submit, reject,
     * pause, resume, abort, complete and roll back; {@link #approve} and {@link #schedule} emit theirs (they carry more
     * than actor and reason), and the rollout engine emits start and stage events itself.
     */
    @Transactional
    public Campaign transition(UUID id, CampaignAction action, String actor, String reason) {
        Campaign campaign = lock(id);
        CampaignState next = CampaignLifecycle.next(campaign.state(), action);
        Instant now = clock.instant();
        jdbc.sql("update campaign set state = :s, updated_at = :now where id = :id")
                .param("s", next.name())
                .param("now", Timestamp.from(now))
                .param("id", id)
                .update();
        record(id, campaign.state(), next, action, actor, reason);
        switch (action) {
            case SUBMIT -> outbox.publish(new CampaignSubmitted(UUID.randomUUID(), now, id, actor));
            case REJECT -> outbox.publish(new CampaignRejected(UUID.randomUUID(), now, id, actor, reason));
            case ROLL_BACK -> outbox.publish(new CampaignRolledBack(UUID.randomUUID(), now, id, actor, reason));
            case PAUSE ->
                outbox.publish(new CampaignPaused(UUID.randomUUID(), now, id, campaign.currentStage(), actor, reason));
            case RESUME ->
                outbox.publish(new CampaignResumed(UUID.randomUUID(), now, id, campaign.currentStage(), actor, reason));
            case ABORT -> outbox.publish(new CampaignAborted(UUID.randomUUID(), now, id, actor, reason));
            case COMPLETE -> outbox.publish(new CampaignCompleted(UUID.randomUUID(), now, id, campaign.stageCount()));
            default -> {}
        }
        return get(id);
    }

    /** Locks the campaign row for the rest of the transaction; dispatch and every transition serialise on it. */
    @Transactional
    public Campaign lock(UUID id) {
        return jdbc.sql("select * from campaign where id = :id for update")
                .param("id", id)
                .query(Campaigns::map)
                .optional()
                .orElseThrow(() -> new CampaignNotFoundException(id));
    }

    /** Moves the rollout to another stage (the rollout engine calls this with the row locked). */
    @Transactional
    public void moveToStage(UUID id, int stage) {
        jdbc.sql("update campaign set current_stage = :stage, updated_at = now() where id = :id")
                .param("stage", stage)
                .param("id", id)
                .update();
    }

    /** Stores the rate-limit bucket after a dispatch round and counts the vehicles notified. */
    @Transactional
    public void recordDispatch(UUID id, double tokens, Instant at, int notified) {
        jdbc.sql("""
                        update campaign set rate_tokens = :tokens, rate_updated_at = :at,
                            dispatched = dispatched + :n where id = :id
                        """)
                .param("tokens", tokens)
                .param("at", Timestamp.from(at))
                .param("n", notified)
                .param("id", id)
                .update();
    }

    @Transactional(readOnly = true)
    public Campaign get(UUID id) {
        return find(id).orElseThrow(() -> new CampaignNotFoundException(id));
    }

    @Transactional(readOnly = true)
    public Optional<Campaign> find(UUID id) {
        return jdbc.sql("select * from campaign where id = :id")
                .param("id", id)
                .query(Campaigns::map)
                .optional();
    }

    @Transactional(readOnly = true)
    public List<Campaign> list(@Nullable CampaignState state) {
        return jdbc.sql("select * from campaign where (:s = '' or state = :s) order by created_at desc limit 500")
                .param("s", state == null ? "" : state.name())
                .query(Campaigns::map)
                .list();
    }

    /** Ids of campaigns in a state, oldest first. */
    @Transactional(readOnly = true)
    public List<UUID> idsIn(CampaignState state) {
        return jdbc.sql("select id from campaign where state = :s order by created_at")
                .param("s", state.name())
                .query(UUID.class)
                .list();
    }

    /** Scheduled campaigns whose start time has come. */
    @Transactional(readOnly = true)
    public List<UUID> dueToStart(Instant now) {
        return jdbc.sql("select id from campaign where state = 'SCHEDULED' and scheduled_at <= :now")
                .param("now", Timestamp.from(now))
                .query(UUID.class)
                .list();
    }

    @Transactional(readOnly = true)
    public List<Transition> transitions(UUID id) {
        return jdbc.sql("select * from campaign_transition where campaign_id = :id order by id")
                .param("id", id)
                .query((rs, n) -> new Transition(
                        rs.getString("from_state") == null ? null : CampaignState.valueOf(rs.getString("from_state")),
                        CampaignState.valueOf(rs.getString("to_state")),
                        CampaignAction.valueOf(rs.getString("action")),
                        rs.getString("actor"),
                        rs.getString("reason"),
                        rs.getTimestamp("at").toInstant()))
                .list();
    }

    /** Records a transition (also used by the rollout engine for ADVANCE, which keeps the state). */
    @Transactional
    public void record(
            UUID id, @Nullable CampaignState from, CampaignState to, CampaignAction action, String actor, String why) {
        jdbc.sql("""
                        insert into campaign_transition (campaign_id, from_state, to_state, action, actor, reason, at)
                        values (:id, :from, :to, :action, :actor, :reason, :at)
                        """)
                .param("id", id)
                .param("from", from == null ? null : from.name())
                .param("to", to.name())
                .param("action", action.name())
                .param("actor", actor)
                .param("reason", why)
                .param("at", Timestamp.from(clock.instant()))
                .update();
    }

    static void requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a reason is required");
        }
    }

    private static Campaign map(ResultSet rs, int row) throws SQLException {
        Timestamp scheduled = rs.getTimestamp("scheduled_at");
        Timestamp rateAt = rs.getTimestamp("rate_updated_at");
        return new Campaign(
                rs.getObject("id", UUID.class),
                JSON.readValue(rs.getString("definition"), CampaignDefinition.class),
                CampaignState.valueOf(rs.getString("state")),
                rs.getString("created_by"),
                rs.getString("approved_by"),
                scheduled == null ? null : scheduled.toInstant(),
                rs.getInt("current_stage"),
                rs.getInt("stage_count"),
                rs.getDouble("rate_tokens"),
                rateAt == null ? null : rateAt.toInstant(),
                rs.getLong("dispatched"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
