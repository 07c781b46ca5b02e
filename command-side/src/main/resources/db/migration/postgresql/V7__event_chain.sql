-- The hash chain of every stored event (one link per event, per aggregate) and the signed
-- checkpoints over all chain heads (decision 52).
create table event_chain (
    global_index         bigint       not null primary key,
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    hash                 bytea        not null,
    constraint event_chain_aggregate_sequence unique (aggregate_identifier, sequence_number)
);

create table event_checkpoint (
    checkpoint_number bigint       not null primary key,
    made_at           varchar(64)  not null,
    up_to_position    bigint       not null,
    event_count       bigint       not null,
    aggregate_count   bigint       not null,
    heads_sum         bytea        not null,
    heads_digest      bytea        not null,
    previous_digest   bytea        not null,
    key_id            varchar(100) not null,
    signature         bytea        not null
);

create table event_checkpoint_head (
    checkpoint_number    bigint       not null,
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    hash                 bytea        not null,
    primary key (checkpoint_number, aggregate_identifier)
);

-- The one-time chaining of a store written before the chain: the highest position it covers is
-- fixed when it first starts, so an event slipped in later without a link is never laundered.
create table event_chain_migration (
    id              integer not null primary key,
    target_position bigint  not null
);
