-- Every verdict received, so the dashboard can show a stage's health over time against its threshold.
create table verdict_log (
    id          bigserial primary key,
    campaign_id uuid             not null,
    stage       int              not null,
    cohort      varchar(200)     not null,
    outcome     varchar(30)      not null,
    samples     bigint           not null,
    failures    bigint           not null,
    upper_bound double precision not null,
    threshold   double precision not null,
    at          timestamptz      not null
);
create index verdict_log_campaign on verdict_log (campaign_id, id);
