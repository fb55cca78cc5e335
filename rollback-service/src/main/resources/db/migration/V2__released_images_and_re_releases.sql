-- Which known images the image repository has released (co-signed into its release role) and which were revoked:
-- a rollback target must be a released, unrevoked image carrying the last-known-good bytes (a re-release).
alter table known_image
    add column released boolean not null default false,
    add column revoked  boolean not null default false;

create index known_image_by_content on known_image ((hashes ->> 'sha256'));
