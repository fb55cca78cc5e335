-- An outbox row Kafka refused for good (too large, invalid topic) after ota.outbox.quarantine-after attempts: moved
-- here with the reason, so the relay goes on with the rows behind it. Kept until a person decides (docs/runbook.md,
-- "Dead letters and quarantined outbox rows"); the relay never reads this table.
create table outbox_quarantine (
    id             bigint       primary key,   -- the id the row had in outbox_event
    event_id       uuid         not null unique,
    topic          varchar(200) not null,
    record_key     varchar(200) not null,
    event_type     varchar(200) not null,
    payload        bytea        not null,
    trace_headers  text,
    created_at     timestamptz  not null,
    attempts       integer      not null,
    reason         text         not null,
    quarantined_at timestamptz  not null default now()
);

-- The inbox is pruned by age (ota.inbox.retention): the pruning job finds old rows without reading the whole table.
create index inbox_event_processed_at on inbox_event (processed_at);
