-- Shared by every service (classpath:db/platform). Service migrations start at V1.

-- Events written in the same transaction as the state change that causes them; relayed to Kafka after commit.
create table outbox_event (
    id          bigserial primary key,
    event_id    uuid        not null unique,
    topic       varchar(200) not null,
    record_key  varchar(200) not null,
    event_type  varchar(200) not null,
    payload     bytea       not null,
    created_at  timestamptz not null default now()
);

-- Event ids a consumer has already applied; a redelivered event finds its id here and changes nothing.
create table inbox_event (
    consumer     varchar(100) not null,
    event_id     uuid         not null,
    processed_at timestamptz  not null default now(),
    primary key (consumer, event_id)
);
