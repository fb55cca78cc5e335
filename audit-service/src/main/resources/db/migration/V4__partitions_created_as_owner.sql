-- In production the service connects as a writer role that owns nothing (it could otherwise ALTER TABLE ... DISABLE
-- TRIGGER on its own log). New partitions are still made while the log grows: the function runs with its owner's
-- rights, so each partition and its truncate guard belong to the owner role, not to the caller.
alter function audit_ensure_partition(bigint) security definer set search_path = public, pg_temp;
