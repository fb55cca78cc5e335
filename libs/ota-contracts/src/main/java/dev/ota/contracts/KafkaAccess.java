package dev.ota.contracts;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may do what on Kafka: the one table of the platform's Kafka ACLs. Every service authenticates with its own
 * certificate (mutual TLS, the certificate's common name is its principal, which is its {@code spring.application.name})
 * and may write only the topics whose events it owns, read only the topics it consumes, and join only its own consumer
 * groups. A service that consumes a topic also writes that topic's dead-letter topic, where its poison goes.
 *
 * <p>The embedded broker of the local platform and of the tests gets its ACLs from here, the Strimzi {@code KafkaUser}
 * resources in {@code deploy/k8s} are checked against it, and {@code docs/architecture.md} shows it (checked too).
 * Each service's own bindings are checked against it by its integration tests, which run under its principal: a
 * binding or an event this table does not allow fails there with an authorization error.
 */
public final class KafkaAccess {

    /**
     * One principal's grants.
     *
     * @param principal the certificate common name, {@code User:<principal>} to the broker
     * @param writes topics whose events this principal produces
     * @param reads topics this principal consumes
     * @param groups consumer groups it may join (and commit offsets in)
     * @param refusedAtTheEdge topics whose would-be records it refuses before they are written and dead-letters to the
     *     topic's dead-letter topic (the gateway: what vehicles send that fails its checks)
     */
    public record Grant(
            String principal, Set<String> writes, Set<String> reads, Set<String> groups, Set<String> refusedAtTheEdge) {

        public Grant {
            writes = Set.copyOf(writes);
            reads = Set.copyOf(reads);
            groups = Set.copyOf(groups);
            refusedAtTheEdge = Set.copyOf(refusedAtTheEdge);
        }

        public Grant(String principal, Set<String> writes, Set<String> reads, Set<String> groups) {
            this(principal, writes, reads, groups, Set.of());
        }

        /**
         * The dead-letter topics it reads: those of the topics it consumes, where its own dead letters are, to list and
         * replay them (the records of other consumers of the same topic are there too; it reads their source anyway).
         */
        public Set<String> deadLettersRead() {
            Set<String> all = new TreeSet<>();
            reads.stream().map(Topics::deadLetter).forEach(all::add);
            return all;
        }

        /** What it writes: its own topics and the dead-letter topics of what it reads or refuses at the edge. */
        public Set<String> writesWithDeadLetters() {
            Set<String> all = new TreeSet<>(writes);
            reads.stream().map(Topics::deadLetter).forEach(all::add);
            refusedAtTheEdge.stream().map(Topics::deadLetter).forEach(all::add);
            return all;
        }
    }

    public static final String CAMPAIGN = "campaign-service";
    public static final String SIGNING = "signing-service";
    public static final String HEALTH = "health-service";
    public static final String ROLLBACK = "rollback-service";
    public static final String AUDIT = "audit-service";
    public static final String GATEWAY = "device-gateway";

    /**
     * The consumer group of campaign-service's vehicle registry, which reads {@link Topics#VEHICLE_REPORTS} apart from
     * its campaign progress consumer.
     */
    public static final String CAMPAIGN_REGISTRY_GROUP = "campaign-service-registry";

    public static final List<Grant> GRANTS = List.of(
            new Grant(
                    CAMPAIGN,
                    Set.of(Topics.CAMPAIGN_EVENTS, Topics.VEHICLE_ASSIGNMENTS, Topics.VEHICLE_INVENTORY),
                    Set.of(
                            Topics.IMAGE_EVENTS,
                            Topics.VEHICLE_REPORTS,
                            Topics.HEALTH_VERDICTS,
                            Topics.ROLLBACK_EVENTS,
                            Topics.DIRECTOR_METADATA),
                    Set.of(CAMPAIGN, CAMPAIGN_REGISTRY_GROUP)),
            new Grant(
                    SIGNING,
                    Set.of(
                            Topics.IMAGE_EVENTS,
                            Topics.DIRECTOR_METADATA,
                            Topics.DIRECTOR_ANSWERS,
                            Topics.FLEET_CERTIFICATES,
                            Topics.FLEET_CERTIFICATE_ANSWERS),
                    Set.of(Topics.VEHICLE_ASSIGNMENTS, Topics.FLEET_CERTIFICATE_REQUESTS, Topics.DIRECTOR_REQUESTS),
                    Set.of(SIGNING)),
            new Grant(
                    HEALTH,
                    Set.of(Topics.HEALTH_VERDICTS),
                    Set.of(
                            Topics.VEHICLE_ASSIGNMENTS,
                            Topics.VEHICLE_REPORTS,
                            Topics.VEHICLE_HEALTH,
                            Topics.CAMPAIGN_EVENTS),
                    Set.of(HEALTH)),
            new Grant(
                    ROLLBACK,
                    Set.of(Topics.ROLLBACK_EVENTS, Topics.VEHICLE_ASSIGNMENTS),
                    Set.of(
                            Topics.HEALTH_VERDICTS,
                            Topics.CAMPAIGN_EVENTS,
                            Topics.VEHICLE_ASSIGNMENTS,
                            Topics.VEHICLE_REPORTS,
                            Topics.VEHICLE_INVENTORY,
                            Topics.VEHICLE_HEALTH,
                            Topics.IMAGE_EVENTS),
                    Set.of(ROLLBACK)),
            new Grant(AUDIT, Set.of(Topics.AUDIT_CHECKPOINTS), Set.copyOf(Topics.ALL), Set.of(AUDIT)),
            new Grant(
                    GATEWAY,
                    Set.of(
                            Topics.VEHICLE_REPORTS,
                            Topics.VEHICLE_HEALTH,
                            Topics.FLEET_CERTIFICATE_REQUESTS,
                            Topics.DIRECTOR_REQUESTS,
                            Topics.EDGE_REFUSALS),
                    Set.of(
                            Topics.VEHICLE_ASSIGNMENTS,
                            Topics.DIRECTOR_METADATA,
                            Topics.FLEET_CERTIFICATE_ANSWERS,
                            Topics.DIRECTOR_ANSWERS),
                    Set.of(GATEWAY),
                    Set.of(Topics.VEHICLE_REPORTS, Topics.VEHICLE_HEALTH, Topics.FLEET_CERTIFICATE_REQUESTS)));

    /**
     * Where each service with an outbox records what operators did through it ({@code OperatorEvent}s, such as replayed
     * dead letters): a topic it owns and the audit log reads, so the record comes from the principal that acted. The
     * gateway has no outbox and replays nothing.
     */
    private static final java.util.Map<String, String> OPERATIONS_TOPICS = java.util.Map.of(
            CAMPAIGN, Topics.CAMPAIGN_EVENTS,
            SIGNING, Topics.IMAGE_EVENTS,
            HEALTH, Topics.HEALTH_VERDICTS,
            ROLLBACK, Topics.ROLLBACK_EVENTS,
            AUDIT, Topics.AUDIT_CHECKPOINTS);

    private KafkaAccess() {}

    /** The topic on which {@code principal} records operator actions; empty for a principal that records none. */
    public static Optional<String> operationsTopicOf(String principal) {
        return Optional.ofNullable(OPERATIONS_TOPICS.get(principal));
    }

    public static Optional<Grant> grantOf(String principal) {
        return GRANTS.stream().filter(g -> g.principal().equals(principal)).findFirst();
    }

    /** The principals allowed to write a topic. */
    public static Set<String> writersOf(String topic) {
        Set<String> writers = new TreeSet<>();
        GRANTS.stream().filter(g -> g.writesWithDeadLetters().contains(topic)).forEach(g -> writers.add(g.principal()));
        return writers;
    }

    /**
     * The table as it appears in {@code docs/architecture.md}: one row per principal, topics in alphabetical order
     * (dead-letter topics summarised), so the document can be checked against this class.
     */
    public static String markdownTable() {
        StringBuilder table = new StringBuilder();
        table.append(
                "| principal | writes | reads (and writes and reads `<topic>.dlq`) | consumer groups | refuses at the edge (writes `<topic>.dlq`) |\n");
        table.append("|---|---|---|---|---|\n");
        for (Grant grant : GRANTS) {
            table.append("| `")
                    .append(grant.principal())
                    .append("` | ")
                    .append(codeList(grant.writes()))
                    .append(" | ")
                    .append(
                            grant.reads().size() == Topics.ALL.size()
                                    ? "every platform topic"
                                    : codeList(grant.reads()))
                    .append(" | ")
                    .append(codeList(grant.groups()))
                    .append(" | ")
                    .append(grant.refusedAtTheEdge().isEmpty() ? "" : codeList(grant.refusedAtTheEdge()))
                    .append(" |\n");
        }
        return table.toString();
    }

    private static String codeList(Set<String> names) {
        return String.join(
                ", ", new TreeSet<>(names).stream().map(n -> "`" + n + "`").toList());
    }
}
