-- Targeting: tag tests use array containment (GIN); installed-software tests probe ECUs by hardware id.
create index vehicle_tags on vehicle using gin (tags);
create index ecu_hardware_release on ecu (hardware_id, release_counter, vin);
create index ecu_hardware_version on ecu (hardware_id, version, vin);
