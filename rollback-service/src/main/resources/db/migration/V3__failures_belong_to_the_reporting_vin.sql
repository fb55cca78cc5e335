-- A failure counts only for the vehicle that reported it: a report names an assignment by id, which another vehicle
-- may learn. Failures are kept per (assignment, reporting VIN), and a stage reads only those of the assigned VIN, so
-- a failure another vehicle reports (before or after the assignment arrives) neither fails the vehicle nor takes the
-- place of its real failure. Rows from before this migration have no VIN and still count.
alter table assignment_failure add column vin varchar(17);
alter table assignment_failure drop constraint assignment_failure_pkey;
create unique index assignment_failure_once on assignment_failure (assignment_id, vin);
create index assignment_failure_assignment on assignment_failure (assignment_id);
