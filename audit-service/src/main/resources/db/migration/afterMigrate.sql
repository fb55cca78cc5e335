-- Flyway callback, after every migration run (as the owner role). When the service has a writer role of its own
-- (production: placeholder writer_role = OTA_DB_USER), that role gets what the service does and nothing more: read and
-- append the log, checkpoints and cosignatures, the outbox (whose relay deletes what it sent) and the inbox. It owns no
-- table, so it cannot alter, disable or drop the append-only triggers. Empty in development and tests, where the
-- service connects as the owner.
do $$
begin
    if '${writer_role}' <> '' and '${writer_role}' <> current_user then
        execute format('grant usage on schema public to %I', '${writer_role}');
        execute format('grant select, insert on all tables in schema public to %I', '${writer_role}');
        execute format('revoke insert on flyway_schema_history from %I', '${writer_role}');
        execute format('grant delete on outbox_event to %I', '${writer_role}');
        execute format('grant usage, select on all sequences in schema public to %I', '${writer_role}');
        execute format('grant execute on function audit_ensure_partition(bigint) to %I', '${writer_role}');
    end if;
end
$$;
