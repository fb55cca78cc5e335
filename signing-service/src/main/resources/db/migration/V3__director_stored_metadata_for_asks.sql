-- The director answers vehicles' asks from the metadata it stored (Uptane 2.0 section 5.2: primaries download their
-- metadata from the director). A row may now hold "nothing for you" targets (no assignment), and keeps what the
-- answer and the scheduled re-signing need: when each document expires, and the assignment's campaign and conditions.
alter table director_vehicle alter column assignment_id drop not null;
alter table director_vehicle add column campaign_id uuid;
alter table director_vehicle add column install_conditions text;   -- JSON, null for none
alter table director_vehicle add column targets_expires_at timestamptz;
alter table director_vehicle add column snapshot_expires_at timestamptz;
alter table director_vehicle add column timestamp_expires_at timestamptz;

-- Rows signed before this migration: read the expiry each document carries.
update director_vehicle
   set targets_expires_at = ((targets::jsonb) -> 'signed' ->> 'expires')::timestamptz,
       snapshot_expires_at = ((snapshot::jsonb) -> 'signed' ->> 'expires')::timestamptz,
       timestamp_expires_at = ((timestamp::jsonb) -> 'signed' ->> 'expires')::timestamptz;

alter table director_vehicle alter column targets_expires_at set not null;
alter table director_vehicle alter column snapshot_expires_at set not null;
alter table director_vehicle alter column timestamp_expires_at set not null;

-- The re-signing job looks for what expires soonest.
create index director_vehicle_timestamp_expiry on director_vehicle (timestamp_expires_at);
create index director_vehicle_snapshot_expiry on director_vehicle (snapshot_expires_at);
create index director_vehicle_targets_expiry on director_vehicle (targets_expires_at);
