-- Witness cosignatures (C2SP tlog-cosignature/v1) of signed checkpoints. A witness that holds its own key and its own
-- record of the last checkpoint it cosigned submits one after checking that the checkpoint extends what it saw before;
-- the service stores it only after verifying it against a configured witness key. Append-only like the log.
-- checkpoint_id names a checkpoint row (the service checks it exists); no foreign key, so that TRUNCATE of checkpoint
-- is refused by its append-only trigger like every other evidence table, not by the constraint.
create table checkpoint_cosignature (
    checkpoint_id bigint      not null,
    witness_name  text        not null,
    key_hash      bytea       not null check (octet_length(key_hash) = 4),
    cosigned_at   bigint      not null,   -- the witness's time, seconds since the epoch, part of what it signed
    signature     bytea       not null check (octet_length(signature) = 64),
    received_at   timestamptz not null,
    primary key (checkpoint_id, witness_name, key_hash)
);

create trigger checkpoint_cosignature_append_only before update or delete on checkpoint_cosignature
    for each row execute function audit_refuse_change();
create trigger checkpoint_cosignature_no_truncate before truncate on checkpoint_cosignature
    for each statement execute function audit_refuse_change();
