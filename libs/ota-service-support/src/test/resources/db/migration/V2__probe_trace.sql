alter table probe_applied add column trace_id varchar(64);
