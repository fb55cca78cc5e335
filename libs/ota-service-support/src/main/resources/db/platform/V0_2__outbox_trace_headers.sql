-- The trace context of the transaction that wrote the event, so the relay's Kafka record continues that trace.
alter table outbox_event add column trace_headers text;
