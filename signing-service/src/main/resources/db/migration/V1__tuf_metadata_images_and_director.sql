-- Every signed metadata document, exactly as served (canonical JSON), per repository, role and version.
create table tuf_metadata (
    repository  text        not null,   -- 'image' or 'director'
    role        text        not null,   -- root, targets, snapshot, timestamp, release, ci, supplier-*
    version     bigint      not null,
    expires_at  timestamptz not null,
    document    text        not null,
    created_at  timestamptz not null default now(),
    primary key (repository, role, version)
);

-- ECU images uploaded by CI: stored once by content (sha256), signed into a staging role, released by co-signature.
create table image (
    name            text        not null,
    version         text        not null,
    target_path     text        not null unique,
    length          bigint      not null,
    sha256          text        not null,
    sha512          text        not null,
    hardware_ids    text        not null,   -- JSON array
    release_counter bigint      not null,
    custom          text        not null,   -- JSON object
    staging_role    text        not null,
    status          text        not null check (status in ('SIGNED', 'RELEASED', 'REVOKED')),
    uploaded_by     text        not null,
    released_by     text,
    revoked_by      text,
    revoke_reason   text,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    primary key (name, version)
);
create index image_sha256 on image (sha256);

-- The director's per-vehicle metadata: the latest signed documents and their versions.
create table director_vehicle (
    vin               text        primary key,
    targets_version   bigint      not null,
    snapshot_version  bigint      not null,
    timestamp_version bigint      not null,
    assignment_id     uuid        not null,
    targets           text        not null,
    snapshot          text        not null,
    timestamp         text        not null,
    updated_at        timestamptz not null
);
