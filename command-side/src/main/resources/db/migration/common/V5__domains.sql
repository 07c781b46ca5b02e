-- domains and their owners; the domain each team was registered in (null for teams registered
-- before domains were kept, until the lookups are rebuilt)
create table lookup_domain (
    domain_id varchar(64) not null primary key
);

create table lookup_domain_owner (
    domain_id varchar(64)  not null,
    person_id varchar(128) not null,
    primary key (domain_id, person_id)
);

alter table lookup_team add column domain_id varchar(64);
