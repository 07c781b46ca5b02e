-- H2 writes a sequence's state with a commit of the whole store each time its cache of values runs
-- out (32 by default): with batched appends that was a sixth of the command path's CPU. A thousand
-- values a write; after a crash (not after a clean stop) up to a thousand positions are skipped,
-- which readers of the store take as any other gap.
alter table domain_event_entry alter column global_index set cache 1000;
