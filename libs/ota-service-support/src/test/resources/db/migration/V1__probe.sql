create table probe_applied (
    event_id   uuid primary key,
    image_name varchar(200) not null
);
