-- A vehicle's campaigns (the dashboard's vehicle page: pending assignment, update and rollback history), found by VIN.
-- Numbered 10.5 so that a V10 written on another branch at the same time does not collide with it.
create index campaign_vehicle_by_vin on campaign_vehicle (vin, assigned_at desc);
