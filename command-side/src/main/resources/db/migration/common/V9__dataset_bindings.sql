-- Which product each dataset (OpenLineage namespace + name) is bound to now: one at a time. The key
-- is the SHA-256 of namespace and name, so long names fit an index.
create table lookup_dataset (
    dataset_key varchar(64)  not null primary key,
    product_id  varchar(255) not null
);
create index lookup_dataset_product on lookup_dataset (product_id);
