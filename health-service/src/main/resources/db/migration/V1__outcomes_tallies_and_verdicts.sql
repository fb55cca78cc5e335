-- What makes a stage healthy, as the campaign service announced it with StageStarted.
create table stage_criteria (
    campaign_id      uuid             not null,
    stage            int              not null,
    cohort_size      int              not null,
    max_failure_rate double precision not null,
    min_samples      int              not null,
    confidence       double precision not null,
    soak_seconds     bigint           not null,
    max_dtc_delta    int              not null,
    primary key (campaign_id, stage)
);

-- One row per assignment: where the vehicle is on assigned -> downloading -> installed -> rebooted -> terminal.
-- A row may exist before its assignment is known (reports overtook it: kind UNKNOWN, no campaign yet).
create table assignment_outcome (
    assignment_id      uuid         primary key,
    vin                varchar(64)  not null,
    kind               varchar(16)  not null,
    campaign_id        uuid,
    stage              int,
    vehicle_model      varchar(200),
    ecu_serials        text[]       not null default '{}',
    hardware_ids       text[]       not null default '{}',
    state              varchar(16)  not null,
    reason_code        varchar(40),
    reason             text,
    failed_hardware_id varchar(200),
    assigned_at        timestamptz,
    rebooted_at        timestamptz,
    finished_at        timestamptz,
    updated_at         timestamptz  not null default now()
);
create index assignment_outcome_soaking on assignment_outcome (rebooted_at) where state = 'REBOOTED';
create index assignment_outcome_in_flight on assignment_outcome (assigned_at)
    where state in ('ASSIGNED', 'DOWNLOADING', 'INSTALLED');
create index assignment_outcome_stage on assignment_outcome (campaign_id, stage);

-- Worst observation per ECU of an assignment. Merged monotonically, so duplicates and reordering change nothing.
create table ecu_health (
    assignment_id  uuid         not null,
    ecu_serial     varchar(200) not null,
    hardware_id    varchar(200) not null,
    confirmed      boolean      not null,
    boot_failed    boolean      not null,
    app_failed     boolean      not null,
    max_dtc_delta  int          not null,
    first_seen_at  timestamptz  not null,
    primary key (assignment_id, ecu_serial)
);

-- Counters per campaign, stage and cohort ("all", "hw:<id>", "model:<name>"), moved by deltas on every transition.
create table cohort_tally (
    campaign_id   uuid         not null,
    stage         int          not null,
    cohort        varchar(220) not null,
    assigned      bigint       not null default 0,
    soaking       bigint       not null default 0,
    healthy       bigint       not null default 0,
    unhealthy     bigint       not null default 0,
    timed_out     bigint       not null default 0,
    rejected      bigint       not null default 0,
    unattributed  bigint       not null default 0,
    last_outcome  varchar(20),
    primary key (campaign_id, stage, cohort)
);

-- Finished outcomes per minute, for "health over time".
create table outcome_timeline (
    campaign_id uuid         not null,
    stage       int          not null,
    cohort      varchar(220) not null,
    minute      timestamptz  not null,
    healthy     bigint       not null default 0,
    failed      bigint       not null default 0,
    rejected    bigint       not null default 0,
    primary key (campaign_id, stage, cohort, minute)
);

-- Failures by reason and the hardware id they were attributed to ('' when the whole vehicle failed).
create table failure_reason_tally (
    campaign_id uuid         not null,
    stage       int          not null,
    reason_code varchar(40)  not null,
    hardware_id varchar(200) not null,
    failures    bigint       not null default 0,
    primary key (campaign_id, stage, reason_code, hardware_id)
);

-- Every verdict published, with the numbers behind it.
create table verdict_history (
    id           bigserial        primary key,
    campaign_id  uuid             not null,
    stage        int              not null,
    cohort       varchar(220)     not null,
    outcome      varchar(20)      not null,
    samples      bigint           not null,
    failures     bigint           not null,
    upper_bound  double precision not null,
    lower_bound  double precision not null,
    threshold    double precision not null,
    rule         text             not null,
    decided_at   timestamptz      not null
);
create index verdict_history_stage on verdict_history (campaign_id, stage, id);
