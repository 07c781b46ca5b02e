-- The latest service-level agreement version of a product, and the version a subscriber accepted
-- (null: none). Stores written before agreements existed have none of either: nothing to back-fill.
alter table lookup_product add column sla_version integer;
alter table lookup_subscription add column sla_version integer;
