-- Lineage declarations lock the products their cycle check relies on (decision 65), no longer one
-- row for the whole store.
drop table lookup_lineage_guard;
