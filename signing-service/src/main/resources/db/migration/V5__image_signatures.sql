-- Who signed each image into which role, with which key and when: the uploader's staging signature (made with the
-- online CI or supplier key), the release engineer's co-signature and the service's own CI signature on a release,
-- and the co-signed removal on revocation. Shown in the releases view; the signed documents stay the proof.
create table image_signature (
    id          bigserial   primary key,
    name        text        not null,
    version     text        not null,
    role        text        not null,
    action      text        not null check (action in ('STAGED', 'RELEASED', 'REVOKED')),
    principal   text        not null,
    key_id      text        not null,
    signed_at   timestamptz not null,
    foreign key (name, version) references image (name, version)
);

create index image_signature_image on image_signature (name, version, signed_at);
