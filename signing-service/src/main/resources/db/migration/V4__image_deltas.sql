-- Deltas between released images of one name (docs/deltas.md): the bytes are a blob like any image (by sha256), listed
-- in the image repository's deltas role. A row is one delta from base_version to result_version.
create table image_delta (
    target_path     text        primary key,   -- deltas/<result target path>.from-<base sha256>
    image_name      text        not null,
    base_version    text        not null,
    result_version  text        not null,
    length          bigint      not null,
    sha256          text        not null,
    sha512          text        not null,
    description     text        not null,      -- the signed custom metadata (base and result), canonical JSON
    created_at      timestamptz not null default now(),
    unique (image_name, base_version, result_version),
    foreign key (image_name, base_version) references image (name, version),
    foreign key (image_name, result_version) references image (name, version)
);
create index image_delta_sha256 on image_delta (sha256);

-- When the deltas to a released image were made (null: still to do; set also when none could be made).
alter table image add column deltas_made_at timestamptz;
