-- Vehicle reports (progress, beacons) about an assignment the service does not know yet. They are kept here, not
-- applied, until the assignment arrives: then those of the assignment's VIN are applied in arrival order and those of
-- any other VIN are discarded (a vehicle may name another vehicle's assignment id; what it says must not count).
create table early_report (
    id            bigserial    primary key,
    assignment_id uuid         not null,
    vin           varchar(64)  not null,
    event_type    varchar(100) not null,
    payload       bytea        not null
);
create index early_report_assignment on early_report (assignment_id, id);
