-- Who did what when, across all aggregates, for auditEvents: one row per stored event, written in
-- the append's transaction beside its chain link (and by the chain migration for older events).
-- A search index, not evidence: the trail itself is what verifyHistory checks.
create table audit_index (
    global_index         bigint       not null primary key,
    aggregate_identifier varchar(255) not null,
    event_type           varchar(255) not null,
    time_stamp           varchar(255) not null,
    actor                varchar(255),
    correlation_id       varchar(255)
);
create index audit_index_actor on audit_index (actor, global_index);
create index audit_index_correlation on audit_index (correlation_id, global_index);
create index audit_index_aggregate on audit_index (aggregate_identifier, global_index);
create index audit_index_type on audit_index (event_type, global_index);
create index audit_index_time on audit_index (time_stamp, global_index);
