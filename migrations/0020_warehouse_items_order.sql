-- A platform order's goods in the warehouse: GET /logistics/parcels?orderId= (the international parcels
-- holding or declared with them) and GET /warehouse/items?orderId= find the order's few items here.
-- Without it both walk every item of the user (warehouse_items_owner_idx) and filter, which grows with
-- everything the user ever stored. Goods declared as bought elsewhere have no order and are left out.
create index warehouse_items_order_idx on warehouse_items (developer_id, order_id) where order_id is not null;
