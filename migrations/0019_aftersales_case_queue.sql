-- The operators' after-sales case list pages newest first across developers (keyset on created_at, id).
create index taobao_refunds_queue_idx on taobao_refunds (created_at desc, id desc);
create index alibaba_refunds_queue_idx on alibaba_refunds (created_at desc, id desc);
