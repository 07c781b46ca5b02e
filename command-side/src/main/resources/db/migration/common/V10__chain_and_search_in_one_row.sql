-- The search columns of auditEvents move into the chain's row (decision 58): one row and six index
-- entries per stored event instead of two rows and eight. The row's link is the evidence; the
-- search columns only find events, and what is shown is read from the stored event itself.
alter table event_chain add column event_type varchar(255);
alter table event_chain add column time_stamp varchar(255);
alter table event_chain add column actor varchar(255);
alter table event_chain add column correlation_id varchar(255);

update event_chain c set (event_type, time_stamp, actor, correlation_id) =
    (select a.event_type, a.time_stamp, a.actor, a.correlation_id
       from audit_index a where a.global_index = c.global_index)
 where exists (select 1 from audit_index a where a.global_index = c.global_index);

drop table audit_index;

-- by aggregate: the unique (aggregate_identifier, sequence_number) already orders an aggregate's
-- rows as their positions do
create index event_chain_actor on event_chain (actor, global_index);
create index event_chain_correlation on event_chain (correlation_id, global_index);
create index event_chain_type on event_chain (event_type, global_index);
create index event_chain_time on event_chain (time_stamp, global_index);
