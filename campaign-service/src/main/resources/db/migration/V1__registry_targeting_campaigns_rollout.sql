-- Vehicle registry: attributes from onboarding, software per ECU from signed manifests.
create table vehicle (
    vin              varchar(17)  primary key,
    model            varchar(100) not null,
    model_year       int          not null,
    region           varchar(50)  not null,
    market           varchar(50)  not null,
    tags             text[]       not null default '{}',
    time_zone        varchar(64)  not null default 'UTC',
    primary_ecu_key  text,
    latitude         double precision,
    longitude        double precision,
    location_at      timestamptz,
    last_seen        timestamptz,
    manifest_at      timestamptz,
    manifest_verified boolean     not null default false,
    registered_at    timestamptz  not null default now()
);
create index vehicle_model_region on vehicle (model, region);

create table ecu (
    vin             varchar(17)  not null references vehicle (vin) on delete cascade,
    ecu_serial      varchar(100) not null,
    hardware_id     varchar(100) not null,
    is_primary      boolean      not null default false,
    image_name      varchar(200),
    version         varchar(100),
    release_counter bigint,
    target_path     varchar(400),
    reported_at     timestamptz,
    primary key (vin, ecu_serial)
);
create index ecu_hardware on ecu (hardware_id, vin);

-- Images the repository lists (from ImageSigned / ImageRevoked).
create table image (
    image_name      varchar(200) not null,
    version         varchar(100) not null,
    hardware_ids    text[]       not null,
    release_counter bigint       not null,
    length          bigint       not null,
    hashes          jsonb        not null,
    target_path     varchar(400) not null,
    revoked         boolean      not null default false,
    revoked_reason  text,
    signed_at       timestamptz  not null,
    primary key (image_name, version)
);

-- Saved fleet segments: a name for a targeting query.
create table segment (
    name        varchar(100) primary key,
    query       text         not null,
    description text         not null default '',
    created_by  varchar(200) not null,
    created_at  timestamptz  not null default now()
);

create table campaign (
    id              uuid primary key,
    name            varchar(200) not null,
    description     text         not null default '',
    state           varchar(30)  not null,
    definition      jsonb        not null,
    hardware_ids    text[]       not null,
    created_by      varchar(200) not null,
    approved_by     varchar(200),
    scheduled_at    timestamptz,
    current_stage   int          not null default 0,
    stage_count     int          not null,
    rate_tokens     double precision not null default 0,
    rate_updated_at timestamptz,
    dispatched      bigint       not null default 0,
    created_at      timestamptz  not null default now(),
    updated_at      timestamptz  not null default now()
);
create index campaign_state on campaign (state);

-- Every lifecycle transition, with who and why.
create table campaign_transition (
    id          bigserial primary key,
    campaign_id uuid         not null references campaign (id),
    from_state  varchar(30),
    to_state    varchar(30)  not null,
    action      varchar(30)  not null,
    actor       varchar(200) not null,
    reason      text         not null default '',
    at          timestamptz  not null default now()
);
create index campaign_transition_campaign on campaign_transition (campaign_id, id);

create table campaign_stage (
    campaign_id      uuid        not null references campaign (id),
    stage            int         not null,
    planned          int         not null,
    state            varchar(20) not null,
    started_at       timestamptz,
    dispatched_at    timestamptz,
    verdict          varchar(30),
    verdict_detail   text,
    verdict_at       timestamptz,
    completed_at     timestamptz,
    primary key (campaign_id, stage)
);

-- Each targeted vehicle of a campaign, the stage its cohort falls in, and how far it got.
create table campaign_vehicle (
    campaign_id      uuid         not null references campaign (id),
    vin              varchar(17)  not null,
    stage            int          not null,
    stratum          varchar(300) not null,
    status           varchar(20)  not null,
    assignment_id    uuid,
    attempts         int          not null default 0,
    next_attempt_at  timestamptz,
    assigned_at      timestamptz,
    last_progress_at timestamptz,
    phase            varchar(30),
    reason           text,
    primary key (campaign_id, vin)
);
create index campaign_vehicle_dispatch on campaign_vehicle (campaign_id, stage, status, next_attempt_at);
create unique index campaign_vehicle_assignment on campaign_vehicle (assignment_id);
create index campaign_vehicle_active on campaign_vehicle (status, last_progress_at) where status in ('ASSIGNED', 'IN_PROGRESS');

-- UNECE R156 7.1.1.7 evidence: the compatibility of each vehicle, checked against its last signed manifest.
create table compatibility_check (
    id           bigserial primary key,
    campaign_id  uuid         not null,
    vin          varchar(17)  not null,
    compatible   boolean      not null,
    reasons      text         not null,
    manifest_at  timestamptz,
    checked_at   timestamptz  not null default now()
);
create index compatibility_check_campaign on compatibility_check (campaign_id, vin);
