-- Appending is bound by index maintenance: every entry row updated six b-trees. The time index becomes a BRIN index:
-- entries are appended in (roughly) time order, so per block range min/max of occurred_at answers a time-range query
-- nearly as well as a b-tree, at a fraction of the cost per insert and of the size (a few pages per million rows).
-- Queries by type and time keep using log_entry_type_time.
drop index log_entry_time;
create index log_entry_time on log_entry using brin (occurred_at) with (pages_per_range = 32);
