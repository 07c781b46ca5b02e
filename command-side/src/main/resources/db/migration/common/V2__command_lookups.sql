-- Command-side lookups for set validation, written in the transaction that stores the events
-- (see LookupProjector). They are derived data: replaying the store rebuilds them.
create table lookup_team (
    team_id varchar(64) not null primary key
);

create table lookup_team_member (
    team_id   varchar(64)  not null,
    person_id varchar(128) not null,
    primary key (team_id, person_id)
);

create table lookup_product (
    product_id  varchar(128) not null primary key,
    owning_team varchar(64)  not null,
    steward     varchar(128),
    lifecycle   varchar(16)  not null
);

create table lookup_product_field (
    product_id varchar(128) not null,
    field_name varchar(256) not null,
    primary key (product_id, field_name)
);

create table lookup_lineage_edge (
    upstream   varchar(128) not null,
    downstream varchar(128) not null,
    primary key (upstream, downstream)
);
create index lookup_lineage_edge_downstream on lookup_lineage_edge (downstream);

-- one row, locked by every lineage declaration so two concurrent declarations cannot each pass
-- the cycle check and together close a cycle
create table lookup_lineage_guard (
    id integer not null primary key
);
insert into lookup_lineage_guard (id) values (1);

create table lookup_subscription (
    subscription_id varchar(80)  not null primary key,
    product_id      varchar(128) not null,
    consumer_team   varchar(64)  not null,
    status          varchar(16)  not null
);
create index lookup_subscription_product on lookup_subscription (product_id, status);

create table lookup_subscription_field (
    subscription_id varchar(80)  not null,
    field_name      varchar(256) not null,
    primary key (subscription_id, field_name)
);
