-- The operators' order queues (GET /admin/orders: the finance queue, stuck orders): every developer's
-- orders, or one developer's, newest first by keyset on id, optionally of one status. Without these the
-- queue would walk the primary key (or one owner's index) and filter, which grows with all orders.
create index taobao_orders_status_id_idx on taobao_orders (status, id);
create index taobao_orders_developer_id_idx on taobao_orders (developer_id, id);
create index taobao_orders_developer_status_id_idx on taobao_orders (developer_id, status, id);
create index alibaba_orders_status_id_idx on alibaba_orders (status, id);
create index alibaba_orders_developer_id_idx on alibaba_orders (developer_id, id);
create index alibaba_orders_developer_status_id_idx on alibaba_orders (developer_id, status, id);
