-- When a person joined a team (epoch milliseconds of the TeamMemberAddedEvent): the four-eyes rule
-- of ownership transfers asks whether the acceptor belonged to the receiving team before the
-- request. Rows written before this column existed stay null and count as "long before"; the
-- lookup rebuild fills them from the events.
alter table lookup_team_member add column member_since bigint;
