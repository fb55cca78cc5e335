package dev.ota.contracts.events;

/**
 * What an operator did to the platform's own event flow through a service (replayed dead letters), for the audit log.
 * Each service records it on a topic it owns and the audit log reads ({@code KafkaAccess.operationsTopicOf}), so the
 * record comes from the principal that did it; the event names that topic.
 */
public sealed interface OperatorEvent extends OtaEvent permits DeadLettersReplayed {}
