-- The audit log: one append-only Merkle tree (RFC 9162) over every platform event.
-- Rows are never updated or deleted, not even by the service's own role: the triggers below refuse it.

-- Refuses any change to a row that is part of the evidence.
create function audit_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception 'the audit log is append-only: % on % is refused', tg_op, tg_table_name
        using errcode = '42501';
end
$$;

-- Entries, in log order. idx is the leaf index of RFC 9162; payload is the event exactly as received;
-- leaf_hash = SHA-256(0x00 || payload). Partitioned by leaf-index range (2^24 entries a partition): entries are
-- appended in time order, so a partition is also a time slice, and a proof never touches more than O(log n) rows.
create table log_entry (
    idx           bigint       not null,
    event_id      uuid         not null,
    event_type    text         not null,
    topic         text         not null,
    record_key    text,
    occurred_at   timestamptz  not null,
    appended_at   timestamptz  not null,
    vin           text,
    campaign_id   uuid,
    assignment_id uuid,
    payload       bytea        not null,
    leaf_hash     bytea        not null check (octet_length(leaf_hash) = 32),
    primary key (idx)
) partition by range (idx);

create index log_entry_vin on log_entry (vin, idx) where vin is not null;
create index log_entry_campaign on log_entry (campaign_id, idx) where campaign_id is not null;
create index log_entry_assignment on log_entry (assignment_id, idx) where assignment_id is not null;
create index log_entry_type_time on log_entry (event_type, occurred_at);
create index log_entry_time on log_entry (occurred_at);

create trigger log_entry_append_only before update or delete on log_entry
    for each row execute function audit_refuse_change();

-- Creates the partition that holds leaf index p * 2^24 onwards, with its own truncate guard
-- (statement triggers are not inherited by partitions).
create function audit_ensure_partition(p bigint) returns void language plpgsql as $$
declare
    name text := format('log_entry_p%s', lpad(p::text, 6, '0'));
begin
    if to_regclass(name) is null then
        execute format('create table %I partition of log_entry for values from (%s) to (%s)',
                       name, p * 16777216, (p + 1) * 16777216);
        execute format('create trigger %I before truncate on %I for each statement '
                       'execute function audit_refuse_change()', name || '_no_truncate', name);
    end if;
end
$$;

select audit_ensure_partition(0);

create trigger log_entry_no_truncate before truncate on log_entry
    for each statement execute function audit_refuse_change();

-- Each event id is appended once: a redelivered event finds its id here.
create table log_event_id (
    event_id uuid   primary key,
    idx      bigint not null
);

create trigger log_event_id_append_only before update or delete on log_event_id
    for each row execute function audit_refuse_change();
create trigger log_event_id_no_truncate before truncate on log_event_id
    for each statement execute function audit_refuse_change();

-- Hashes of complete subtrees above the leaves: node (level, idx) covers leaves [idx * 2^level, (idx+1) * 2^level).
-- Written once when the subtree completes, so every proof is O(log n) indexed reads and no rehashing.
create table merkle_node (
    level smallint not null check (level between 1 and 62),
    idx   bigint   not null,
    hash  bytea    not null check (octet_length(hash) = 32),
    primary key (level, idx)
);

create trigger merkle_node_append_only before update or delete on merkle_node
    for each row execute function audit_refuse_change();
create trigger merkle_node_no_truncate before truncate on merkle_node
    for each statement execute function audit_refuse_change();

-- Signed checkpoints (C2SP signed-note text), the tree heads auditors hold on to.
create table checkpoint (
    id         bigserial   primary key,
    tree_size  bigint      not null,
    root_hash  bytea       not null check (octet_length(root_hash) = 32),
    signed_at  timestamptz not null,
    note       text        not null
);

create index checkpoint_size on checkpoint (tree_size);

create trigger checkpoint_append_only before update or delete on checkpoint
    for each row execute function audit_refuse_change();
create trigger checkpoint_no_truncate before truncate on checkpoint
    for each statement execute function audit_refuse_change();
