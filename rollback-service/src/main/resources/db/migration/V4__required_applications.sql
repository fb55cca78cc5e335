-- Applications a stage requires UP per ECU hardware id (StageStarted's criteria): a beacon naming one DOWN makes the
-- vehicle failed, as health-service judges it.
create table stage_required_application (
    campaign_id uuid         not null,
    stage       int          not null,
    hardware_id varchar(200) not null,
    name        varchar(64)  not null,
    primary key (campaign_id, stage, hardware_id, name)
);
