-- Installed software per vehicle, denormalised from ecu onto the vehicle row, so that a targeting test on installed
-- software (ecu.<hardwareId>.version|image|releaseCounter) is an expression on the row being scanned instead of a
-- semi-join over every ECU of that hardware. EXPLAIN ANALYZE on 100,000 vehicles of
-- "ecu.brake-ctrl-v2.releaseCounter=lt=42;model=out=(ID.Buzz)" (80,000 match): the semi-join hashed 100,000 ECU rows
-- by VIN and probed it from a scan of vehicle; the summary leaves one scan of vehicle (see docs/campaign-service.md).
--
-- Shape: {"<hardwareId>": {"image": ..., "version": ..., "releaseCounter": ...}}, values null until a manifest reports
-- them. One entry per hardware id: when a vehicle has several ECUs of one hardware id, the primary one, else the lowest
-- serial, which is the ECU the compatibility check judges (VehicleRegistry.load orders ECUs the same way).
alter table vehicle add column software jsonb not null default '{}';

create function vehicle_software(p_vin varchar) returns jsonb
    language sql stable as $$
    select coalesce(jsonb_object_agg(s.hardware_id, s.installed), '{}'::jsonb)
    from (select distinct on (e.hardware_id) e.hardware_id,
                 jsonb_build_object('image', e.image_name, 'version', e.version,
                                    'releaseCounter', e.release_counter) as installed
          from ecu e where e.vin = p_vin
          order by e.hardware_id, e.is_primary desc, e.ecu_serial) s
$$;

update vehicle set software = vehicle_software(vin);

-- Kept current in the writer's own transaction by every statement that changes ECUs (manifest ingest, registration,
-- bulk loads), once per statement for the VINs it touched; a vehicle whose summary did not change is not rewritten.
create function vehicle_software_refresh() returns trigger
    language plpgsql as $$
begin
    if tg_op = 'UPDATE' then
        with touched as (select vin from changed union select vin from changed_old),
             fresh as (select t.vin, vehicle_software(t.vin) as software from touched t)
        update vehicle v set software = f.software from fresh f
        where v.vin = f.vin and v.software is distinct from f.software;
    else
        with touched as (select distinct vin from changed),
             fresh as (select t.vin, vehicle_software(t.vin) as software from touched t)
        update vehicle v set software = f.software from fresh f
        where v.vin = f.vin and v.software is distinct from f.software;
    end if;
    return null;
end
$$;

create trigger ecu_software_insert after insert on ecu
    referencing new table as changed for each statement execute function vehicle_software_refresh();
create trigger ecu_software_update after update on ecu
    referencing old table as changed_old new table as changed for each statement execute function vehicle_software_refresh();
create trigger ecu_software_delete after delete on ecu
    referencing old table as changed for each statement execute function vehicle_software_refresh();
