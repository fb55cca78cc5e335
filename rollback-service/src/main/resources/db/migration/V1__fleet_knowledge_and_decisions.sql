-- Each campaign's rollback policy, from CampaignCreated.
create table campaign_policy (
    campaign_id uuid        primary key,
    policy      varchar(40) not null
);

-- What each update assignment gave each vehicle (targets as JSON EcuTarget list).
create table stage_assignment (
    assignment_id uuid         primary key,
    vin           varchar(64)  not null,
    campaign_id   uuid         not null,
    stage         int          not null,
    vehicle_model varchar(200),
    hardware_ids  text[]       not null,
    targets       jsonb        not null,
    assigned_at   timestamptz  not null
);
create index stage_assignment_stage on stage_assignment (campaign_id, stage);
create index stage_assignment_vin on stage_assignment (vin);

-- Vehicles whose update failed (progress FAILED/REVERTED or a failing beacon); may precede the assignment.
create table assignment_failure (
    assignment_id uuid         primary key,
    reason        text         not null,
    hardware_id   varchar(200)
);

-- What each ECU runs, from the latest signed vehicle version manifest.
create table ecu_installed (
    vin         varchar(64)  not null,
    ecu_serial  varchar(200) not null,
    target_path text         not null,
    reported_at timestamptz  not null,
    primary key (vin, ecu_serial)
);

-- What an ECU ran before an assignment changed it: its last-known-good, the rollback target.
create table ecu_previous (
    assignment_id uuid         not null,
    ecu_serial    varchar(200) not null,
    target_path   text         not null,
    primary key (assignment_id, ecu_serial)
);

-- Images the service can re-release: from ImageSigned and from every assignment target seen.
create table known_image (
    target_path     text        primary key,
    image_name      text        not null,
    version         text        not null,
    release_counter bigint      not null,
    length          bigint      not null,
    hashes          jsonb       not null
);

-- Distinct vehicles on which an image was installed and reported healthy (boot, app start, no new DTCs).
create table image_health (
    target_path text        not null,
    vin         varchar(64) not null,
    primary key (target_path, vin)
);
create table image_health_count (
    target_path text   primary key,
    vehicles    bigint not null
);

-- Images a person validated explicitly for rollback.
create table validated_image (
    target_path  text        primary key,
    validated_by text        not null,
    note         text        not null,
    validated_at timestamptz not null
);

-- Decisions: automatic ones once per campaign, stage and cohort; manual ones by a person.
create table rollback_decision (
    id           uuid         primary key,
    campaign_id  uuid         not null,
    stage        int          not null,
    cohort       varchar(220),
    policy       varchar(60)  not null,
    trigger      varchar(20)  not null,
    decided_by   text         not null,
    reason       text         not null,
    status       varchar(20)  not null,
    in_scope     int          not null,
    assigned     int          not null default 0,
    refused      int          not null default 0,
    succeeded    int          not null default 0,
    failed       int          not null default 0,
    decided_at   timestamptz  not null,
    issued_at    timestamptz,
    completed_at timestamptz
);
create unique index rollback_decision_automatic on rollback_decision (campaign_id, stage, cohort)
    where trigger = 'VERDICT';
create index rollback_decision_pending on rollback_decision (decided_at) where status = 'DECIDED';

-- Per vehicle of a decision: the rollback assignment issued, or the refusal and why. A vehicle's update is rolled
-- back at most once.
create table rollback_vehicle (
    decision_id            uuid        not null references rollback_decision (id),
    vin                    varchar(64) not null,
    original_assignment_id uuid        not null,
    rollback_assignment_id uuid,
    status                 varchar(20) not null,
    reason                 text,
    targets                jsonb,
    primary key (decision_id, original_assignment_id)
);
create unique index rollback_vehicle_once on rollback_vehicle (original_assignment_id) where status <> 'REFUSED';
create unique index rollback_vehicle_assignment on rollback_vehicle (rollback_assignment_id);
