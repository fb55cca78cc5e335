-- What the stage's last whole-stage verdict counted, so that the gate can tell whether it saw every failure the
-- campaign recorded in the stage (a verdict given on a partial view does not pass the stage by itself).
alter table campaign_stage add column verdict_samples bigint;
alter table campaign_stage add column verdict_failures bigint;
-- Why the gate paused the campaign over this stage, and how many of the stage's failures a person accepted by
-- resuming it: the gate pauses again only when more failures are recorded than were accepted.
alter table campaign_stage add column review text;
alter table campaign_stage add column accepted_failures bigint not null default 0;
-- Vehicles whose outcome is still to come, per stage: the gate asks for them every tick.
create index campaign_vehicle_awaiting on campaign_vehicle (campaign_id, stage)
    where status in ('PENDING', 'ASSIGNED', 'IN_PROGRESS');
