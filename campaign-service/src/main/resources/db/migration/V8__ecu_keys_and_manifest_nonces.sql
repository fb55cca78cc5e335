-- ECU public keys are registered at provisioning (never learned from a manifest): the TUF key object as canonical
-- JSON, and its key id. A manifest is believed only when every report in it is signed by its ECU's key here.
alter table ecu add column public_key text;
alter table ecu add column key_id varchar(64);

-- The one Ed25519 primary key of the first design is replaced by a key per ECU.
alter table vehicle drop column primary_ecu_key;

-- Every nonce an ECU signed into a verified report: a report carrying one again is a replay. Kept for longer than the
-- manifest age tolerance (older reports are refused by their time), then pruned.
create table ecu_nonce (
    vin        varchar(17)  not null,
    ecu_serial varchar(100) not null,
    nonce      varchar(200) not null,
    signed_at  timestamptz  not null,
    primary key (vin, ecu_serial, nonce)
);
create index ecu_nonce_signed_at on ecu_nonce (signed_at);
