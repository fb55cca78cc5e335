-- The fleet CA's record (the key is a PKCS#12 file, ota.signing.fleet-ca.key-store): every vehicle certificate it
-- issued, every serial it revoked (the CRL is built from fleet_revocation), and the renewals vehicles asked for over
-- MQTT (the renewal limit, and the replaced certificate that is revoked once the new one is in use).
create table fleet_certificate (
    serial      text        primary key,    -- hexadecimal, as in the CRL, the API and the events
    vin         text        not null,
    not_after   timestamptz not null,
    issued_at   timestamptz not null,
    issued_by   text        not null
);
create index fleet_certificate_vin on fleet_certificate (vin);

create table fleet_revocation (
    serial      text        primary key,
    seq         bigserial   not null unique, -- revocation order; its maximum is the CRL's version
    vin         text,                        -- null for a serial issued to no vehicle
    revoked_at  timestamptz not null,
    reason      text        not null,
    revoked_by  text        not null
);

-- One row per vehicle: its last renewal over MQTT. renewed_at enforces ota.signing.fleet-ca.renewal-min-interval for
-- every replica and across restarts (the row is locked while a renewal is judged); replaced are the serials the
-- renewal replaces, revoked when the vehicle is first seen with the new certificate (serial) or at replace_by at the
-- latest (null once revoked, or when there was nothing to replace).
create table fleet_renewal (
    vin         text        primary key,
    renewed_at  timestamptz not null,
    serial      text,
    replaced    text[],
    replace_by  timestamptz
);
create index fleet_renewal_replace_by on fleet_renewal (replace_by) where replaced is not null;

-- The broker nodes that fetch the CRL (GET /api/v1/fleet-ca/crl with an Ota-Broker header): which CRL version each
-- last fetched and when. A revocation waits (ota.signing.fleet-ca.broker-wait) until every node seen within
-- broker-seen-within holds a CRL that lists it, and says how many did.
create table fleet_crl_reader (
    broker_id   text        primary key,
    version     bigint      not null,
    seen_at     timestamptz not null
);
