-- Vehicles that reported success and wait for the signed manifest that confirms it, found by VIN when a manifest
-- arrives. Partial: at any time only a few vehicles of a fleet are in that phase.
create index campaign_vehicle_awaiting_manifest on campaign_vehicle (vin)
    where phase = 'AWAITING_MANIFEST' and status = 'IN_PROGRESS';
