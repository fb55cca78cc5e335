-- Applications a stage requires to stay UP through the soak, per ECU hardware id (from StageStarted's criteria).
create table stage_required_application (
    campaign_id uuid         not null,
    stage       int          not null,
    hardware_id varchar(200) not null,
    name        varchar(64)  not null,
    primary key (campaign_id, stage, hardware_id, name)
);

-- What each vehicle's ECUs of one hardware id reported about one application, merged monotonically (seen flags only
-- ever turn on), so duplicates and reordering change nothing. Every reported application is kept, required or not:
-- criteria may arrive after the beacons.
create table application_health (
    assignment_id uuid         not null,
    hardware_id   varchar(200) not null,
    name          varchar(64)  not null,
    seen_up       boolean      not null,
    seen_degraded boolean      not null,
    seen_down     boolean      not null,
    detail        varchar(256),
    primary key (assignment_id, hardware_id, name)
);

-- Vehicles per campaign, stage, hardware id and application that reported it DEGRADED / DOWN at least once.
create table application_tally (
    campaign_id uuid         not null,
    stage       int          not null,
    hardware_id varchar(200) not null,
    name        varchar(64)  not null,
    degraded    bigint       not null default 0,
    down        bigint       not null default 0,
    primary key (campaign_id, stage, hardware_id, name)
);
