-- Delta updates (docs/deltas.md). The image each ECU's last verified manifest reported, by length and hashes: the base
-- an assignment names so that the director can offer a delta from it.
alter table ecu add column installed_length bigint;
alter table ecu add column installed_sha256 varchar(64);
alter table ecu add column installed_sha512 varchar(128);

-- What the director's metadata for an assignment costs the vehicle to download: the full images' bytes, the bytes it
-- downloads with the deltas offered, and how many ECUs were offered one. Null until the director issued it.
alter table campaign_vehicle add column full_image_bytes bigint;
alter table campaign_vehicle add column download_bytes bigint;
alter table campaign_vehicle add column deltas_offered int;
