-- The vehicle's own time of the newest report applied to the current assignment. A vehicle's messages can reach
-- Kafka out of order (the gateway's shared subscription spreads one vehicle's messages over several sessions and
-- replicas, and a Kafka outage holds them back); a report older than this one is recorded in the audit log but
-- does not move the vehicle's phase back. Cleared with each new assignment.
alter table campaign_vehicle add column last_report_at timestamptz;
