// The Kysely view of the tables. Each module owns its tables (see migrations/) and is the only
// code that queries them; this file only gives the compiler their shapes.
import type { ColumnType, Generated } from "kysely";

/** int8 columns come back as strings (ids must not lose digits); writes accept strings or bigints. */
type Int8 = ColumnType<string, string | bigint, string | bigint>;
type NullableInt8 = ColumnType<string | null, string | bigint | null, string | bigint | null>;
type Timestamp = ColumnType<Date, Date, Date>;
type NullableTimestamp = ColumnType<Date | null, Date | null, Date | null>;

export interface DevelopersTable {
  id: Int8;
  name: string;
  status: "ENABLED" | "DISABLED";
  sandbox: boolean;
  rate_limit_per_second: number | null;
  rate_limit_burst: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AccessKeysTable {
  developer_id: Int8;
  access_key: string;
  secret_ciphertext: string;
  secret_version: Generated<number>;
  created_at: Timestamp;
  rotated_at: Timestamp;
}

export interface UsersTable {
  id: ColumnType<string, string | bigint | undefined, never>;
  developer_id: Int8;
  user_name: string;
  status: "ENABLED" | "DISABLED";
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RequestNoncesTable {
  access_key: string;
  nonce: string;
  expires_at: Timestamp;
}

export interface OutboxEventsTable {
  id: Int8;
  developer_id: Int8;
  user_id: NullableInt8;
  event_type: string;
  platform: number;
  aggregate_id: string | null;
  payload: string;
  occurred_at: Timestamp;
  created_at: Generated<Date>;
}

export interface UserAddressesTable {
  id: ColumnType<string, never, never>;
  developer_id: Int8;
  user_id: Int8;
  name: string;
  province: string;
  city: string;
  district: string | null;
  address: string;
  phone: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TaobaoOrdersTable {
  id: Int8;
  order_no: Int8;
  developer_id: Int8;
  user_id: Int8;
  user_name: string;
  seller_order_number: string | null;
  order_source: string | null;
  created_at: Timestamp;
  pay_time: NullableTimestamp;
  purchase_amount: Int8;
  status: number;
  status_changed_at: Timestamp;
  wh_state: string | null;
  wh_zip: string | null;
  wh_country: string | null;
  wh_address: string | null;
  wh_phone: string | null;
  wh_city: string | null;
  wh_district: string | null;
  wh_name: string | null;
  wh_mobile_phone: string | null;
  wh_tax_id: string | null;
  rcv_zip: string | null;
  rcv_country: string | null;
  rcv_address: string | null;
  rcv_city: string | null;
  rcv_district: string | null;
  rcv_state: string | null;
  remark: string | null;
  version: Generated<number>;
  updated_at: Timestamp;
  view_json: string;
  unpaid_close_at: NullableTimestamp;
  payment_ref: string | null;
  /** The reference the upstream create carries (record before buy). */
  client_ref: string | null;
  /** PURCHASING: recorded, the upstream's answer not attached yet; PLACED: bought. */
  purchase_state: "PURCHASING" | "PLACED";
}

export interface TaobaoOrderCountsTable {
  developer_id: Int8;
  user_id: Int8;
  status: number;
  n: Int8;
}

export interface TaobaoSubOrdersTable {
  id: Int8;
  order_id: Int8;
  developer_id: Int8;
  user_id: Int8;
  line_index: number;
  order_line_no: string | null;
  quantity: number;
  title: string;
  purchase_currency: string;
  requested_unit_price: NullableInt8;
  purchase_amount: NullableInt8;
  item_map_id: string;
  mp_id: string | null;
  mp_sku_id: string | null;
  sku_id: string;
  domestic_post_fee: Int8;
  close_reason: string | null;
  status: string;
  goods_status: number | null;
  refund_type: number | null;
  refund_status: number;
  taobao_purchase_id: string;
  taobao_sub_purchase_id: string;
  sku_image_url: string | null;
  sku_props_zh: string | null;
  sku_props_en: string | null;
  seller_nick: string | null;
  shop_id: NullableInt8;
  error_code: string | null;
  error_message: string | null;
  logistic_company_name: string | null;
  logistic_number: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OrderHistoryTable {
  platform: Generated<"taobao" | "alibaba">;
  id: ColumnType<string, never, never>;
  order_id: Int8;
  sub_order_id: NullableInt8;
  from_status: string | null;
  to_status: string;
  reason: string | null;
  actor: string;
  at: Timestamp;
}

export interface SandboxClocksTable {
  developer_id: Int8;
  sim_anchor_ms: Int8;
  real_anchor_ms: Int8;
  speed: number;
  updated_at: Generated<Date>;
}

export interface JobsTable {
  id: Int8;
  developer_id: Int8 | null;
  due_at_ms: Int8;
  kind: string;
  payload: string;
  status: Generated<"PENDING" | "RUNNING" | "DONE" | "DEAD">;
  last_error: string | null;
  created_at: Generated<Date>;
  done_at: NullableTimestamp;
  subject: string | null;
  clock: Generated<"developer" | "real">;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  lease_until_ms: Int8 | null;
  lease_owner: string | null;
}

export interface MarketplaceInboxTable {
  id: Int8;
  connector: string;
  event_key: string;
  developer_id: Int8;
  subject: string;
  kind: string;
  event: string;
  status: Generated<"PENDING" | "APPLIED" | "IGNORED">;
  note: string | null;
  received_at: Generated<Date>;
  applied_at: NullableTimestamp;
}

export interface SandboxCountersTable {
  developer_id: Int8;
  name: string;
  value: Int8;
}

export interface SandboxPurchasesTable {
  developer_id: Int8;
  platform: "taobao" | "alibaba";
  upstream_order_id: string;
  user_id: Int8;
  status: string;
  doc: string;
  created_at_ms: Int8;
  updated_at: Generated<Date>;
  client_ref: string | null;
}

export interface SandboxPurchaseLinesTable {
  developer_id: Int8;
  platform: string;
  upstream_line_id: string;
  upstream_order_id: string;
}

export interface SandboxRefundsTable {
  developer_id: Int8;
  platform: string;
  refund_id: string;
  user_id: Int8;
  upstream_order_id: string;
  upstream_line_id: string;
  status: string;
  doc: string;
}

export interface WalletAccountsTable {
  id: string;
  kind: "developer" | "system";
  developer_id: NullableInt8;
  currency: ColumnType<"CNY", "CNY" | undefined, never>;
  balance_fen: NullableInt8;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WalletTransactionsTable {
  id: Int8;
  developer_id: Int8;
  kind: "topup" | "payment" | "refund" | "adjustment" | "sandbox_grant";
  reference: string;
  amount_fen: Int8;
  balance_after_fen: Int8;
  memo: string;
  actor: string;
  created_at: Timestamp;
}

export interface WalletEntriesTable {
  id: ColumnType<string, never, never>;
  transaction_id: Int8;
  account_id: string;
  amount_fen: Int8;
}

export interface TaobaoCartItemsTable {
  id: ColumnType<string, never, never>;
  developer_id: Int8;
  user_id: Int8;
  item_map_id: string;
  mp_id: string;
  sku_id: string;
  mp_sku_id: string;
  quantity: number;
  title: string;
  image_url: string | null;
  price_fen: Int8;
  promotion_price_fen: Int8;
  properties: string;
  props_zh: string;
  props_trans: string;
  lang: string;
  shop_id: Int8;
  shop_name: string;
  user_nick: string;
  sku_quantity: number;
  platform: number | null;
  quote_type: number | null;
  price_ranges: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CallbackEndpointsTable {
  developer_id: Int8;
  url: string | null;
  verified_at: NullableTimestamp;
  /** Sealed Standard Webhooks secret (whsec_…). */
  signing_secret: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Callback families beyond PandaPon's the developer opted into (e.g. "warehouse"). */
  extensions: Generated<string[]>;
}

export interface CallbackMessagesTable {
  event_id: Int8;
  message_id: string;
  developer_id: Int8;
  message_type: string;
  platform: number;
  status: Generated<"PENDING" | "DELIVERING" | "DELIVERED" | "RETRY_WAIT" | "FAILED" | "NO_ENDPOINT">;
  round: Generated<number>;
  attempts: Generated<number>;
  abandoned: Generated<number>;
  due_ms: ColumnType<string, string | bigint | undefined, string | bigint>;
  retry_on_clock: Generated<boolean>;
  lease_until_ms: NullableInt8;
  claim_token: string | null;
  last_http_status: number | null;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  delivered_at: NullableTimestamp;
}

export interface CallbackAttemptsTable {
  event_id: Int8;
  round: number;
  attempt: number;
  at_ms: Int8;
  url: string;
  http_status: number | null;
  error_kind: string | null;
  error: string | null;
  latency_ms: number;
}

export interface IdempotencyKeysTable {
  developer_id: Int8;
  user_id: Int8;
  scope: string;
  key: string;
  request_hash: string;
  state: "PENDING" | "DONE";
  response: string | null;
  generation: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface AlibabaCartItemsTable {
  id: ColumnType<string, never, never>;
  developer_id: Int8;
  user_id: Int8;
  offer_map_id: string;
  spec_id: string;
  sku_id: string;
  quantity: number;
  product_no: string | null;
  container: string | null;
  title: string;
  image_url: string | null;
  price_fen: Int8;
  properties: string;
  seller_open_id: string;
  seller_nick: string;
  stock: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type AlibabaPurchaseState = "PURCHASING" | "PLACED";

export interface AlibabaOrdersTable {
  id: Int8;
  developer_id: Int8;
  user_id: Int8;
  client_ref: string;
  batch_ref: string;
  purchase_state: AlibabaPurchaseState;
  upstream_order_id: string | null;
  status: string;
  seller_open_id: string;
  seller_login_id: string;
  seller_company: string;
  flow: string;
  trade_type: string;
  message: string | null;
  staff_name: string | null;
  platform_order: number | null;
  transfer_account_imgs: string | null;
  transfer_account_remark: string | null;
  address: string;
  goods_fen: Int8;
  shipping_fen: Int8;
  discount_fen: Int8;
  refund_fen: Int8;
  refund_carriage_fen: Generated<string>;
  refund_status: string | null;
  close_reason: string | null;
  pay_way: string | null;
  payment_ref: string | null;
  alipay_trade_id: string | null;
  upstream_paid: boolean;
  cashier_token: string | null;
  logistics: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  pay_time: NullableTimestamp;
  shipped_at: NullableTimestamp;
  complete_time: NullableTimestamp;
  unpaid_close_at: Timestamp;
  version: Generated<number>;
  view_json: string;
}

export interface AlibabaOrderLinesTable {
  id: Int8;
  order_id: Int8;
  developer_id: Int8;
  user_id: Int8;
  line_index: number;
  upstream_line_id: string | null;
  product_id: string;
  offer_map_id: string;
  spec_id: string;
  sku_id: string | null;
  name: string;
  image_urls: string;
  sku_infos: string;
  quantity: number;
  unit: string;
  unit_price_fen: Int8;
  amount_fen: Int8;
  post_fee_fen: Int8;
  cargo_number: string | null;
  status: string;
  refund_status: string | null;
  refund_id: string | null;
  refunded_fen: Int8;
  product_no: string | null;
  container: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AlibabaOrderCountsTable {
  developer_id: Int8;
  user_id: Int8;
  status: string;
  n: Int8;
}

export type RefundUpstreamState = "RECORDED" | "OPENED";

export interface TaobaoRefundsTable {
  id: Int8;
  developer_id: Int8;
  user_id: Int8;
  order_id: Int8;
  sub_order_id: Int8;
  upstream_order_id: string;
  upstream_line_id: string;
  upstream_state: RefundUpstreamState;
  status: number;
  refund_type: number;
  goods_status: number;
  reason_id: number;
  reason_desc: string;
  refund_desc: string;
  refund_fee: Int8;
  refunded_fee: Generated<string>;
  images: string;
  seller_refuse_reason: string;
  seller_refuse_describe: string;
  seller_agree_describe: string;
  return_address: string | null;
  return_carrier_code: string;
  return_carrier_name: string;
  return_logistics_no: string;
  buyer_phone: string;
  return_goods_desc: string;
  timeout_at: NullableTimestamp;
  upstream_revision: Int8;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface AlibabaRefundsTable {
  id: string;
  developer_id: Int8;
  user_id: Int8;
  order_id: Int8;
  upstream_order_id: string;
  entry_ids: string;
  upstream_state: RefundUpstreamState;
  status: string;
  dispute_request: "refund" | "returnRefund";
  goods_status: string;
  apply_payment: Int8;
  apply_carriage: Int8;
  apply_reason_id: number;
  apply_reason: string;
  description: string;
  vouchers: string;
  can_refund_payment: Int8;
  refund_payment: Int8;
  refund_carriage: Int8;
  buyer_send_goods: boolean | null;
  buyer_logistics_name: string | null;
  logistics_company_no: string | null;
  freight_bill: string | null;
  goods_received: boolean;
  reject_reason: string | null;
  reject_reason_id: number | null;
  seller_receive_address: string | null;
  seller_mobile: string | null;
  product_name: string;
  timeout_at: NullableTimestamp;
  completed_at: NullableTimestamp;
  upstream_revision: Int8;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface RefundMessagesTable {
  id: Int8;
  platform: "taobao" | "alibaba";
  refund_id: string;
  developer_id: Int8;
  user_id: Int8;
  sender_role: "buyer" | "seller" | "platform";
  content: string;
  pic_urls: string;
  created_at: Timestamp;
}

export interface RefundHistoryTable {
  id: Generated<string>;
  platform: "taobao" | "alibaba";
  refund_id: string;
  from_status: string | null;
  to_status: string;
  reason: string;
  actor: string;
  at: Timestamp;
}

export interface RefundReasonsTable {
  platform: "taobao" | "alibaba";
  reason_id: number;
  description: string;
  tips: string;
  goods_statuses: string;
  need_voucher: boolean;
  no_refund_carriage: boolean;
  position: number;
  active: boolean;
}

export interface ReturnCarriersTable {
  code: string;
  id: number;
  name: string;
  phone: string;
  spelling: string;
  support_print: boolean;
  active: boolean;
}

export interface AftersalesImagesTable {
  id: Int8;
  token: string;
  developer_id: Int8;
  user_id: Int8;
  content_type: "image/jpeg" | "image/png" | "image/webp";
  width: number;
  height: number;
  bytes: Buffer;
  sha256: string;
  created_at: Timestamp;
}

export interface IntlParcelsTable {
  id: Int8;
  developer_id: Int8;
  user_id: Int8;
  tmall_order_id: string | null;
  render_id: string | null;
  status: string;
  sandbox: boolean;
  country: string;
  receiver: string;
  remark: string | null;
  booked_fen: Int8;
  supplement_fen: Int8;
  supplement_due_fen: Int8;
  refunded_fen: Int8;
  pack_round: number;
  allocated: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface IntlParcelLinesTable {
  id: Int8;
  parcel_id: Int8;
  position: number;
  item_id: string;
  sku_id: string;
  quantity: number;
  title: string | null;
  image_url: string | null;
  service_id: string;
  company_name: string;
  service_category: string;
  currency: string;
  price: string | null;
  freight_fen: Int8;
  weight_g: number;
  chargeable_weight_g: number;
  min_delivery_days: number;
  max_delivery_days: number;
  waybill: string;
}

export interface IntlParcelDomesticTable {
  id: Generated<string>;
  parcel_id: Int8;
  line_id: Int8;
  developer_id: Int8;
  position: number;
  tracking_number: string;
  carrier: string;
  rts_time: string | null;
}

/** A packed package, keyed by (parcel_id, position) (migrations/0015): a service may carry several. */
export interface IntlParcelPackagesTable {
  parcel_id: Int8;
  service_id: string;
  position: number;
  weight_g: number;
  length_mm: number;
  width_mm: number;
  height_mm: number;
  chargeable_weight_g: number;
  freight_fen: Int8;
  carrier: string | null;
  tracking_number: string | null;
  tracking_status: string | null;
}

export interface IntlParcelTrackingTable {
  id: Generated<string>;
  parcel_id: Int8;
  service_id: string;
  tracking_number: string;
  status: string;
  carrier_status: string;
  text: string;
  location: string | null;
  at: Timestamp;
}

export interface IntlParcelChargesTable {
  id: Generated<string>;
  parcel_id: Int8;
  kind: "freight" | "supplement" | "refund";
  amount_fen: Int8;
  reference: string;
  at: Timestamp;
}

export interface IntlParcelHistoryTable {
  id: Generated<string>;
  parcel_id: Int8;
  from_status: string | null;
  to_status: string;
  reason: string;
  actor: string;
  at: Timestamp;
}

export interface Database {
  developers: DevelopersTable;
  access_keys: AccessKeysTable;
  users: UsersTable;
  request_nonces: RequestNoncesTable;
  outbox_events: OutboxEventsTable;
  user_addresses: UserAddressesTable;
  taobao_orders: TaobaoOrdersTable;
  taobao_sub_orders: TaobaoSubOrdersTable;
  taobao_order_counts: TaobaoOrderCountsTable;
  order_history: OrderHistoryTable;
  alibaba_cart_items: AlibabaCartItemsTable;
  alibaba_orders: AlibabaOrdersTable;
  alibaba_order_lines: AlibabaOrderLinesTable;
  alibaba_order_counts: AlibabaOrderCountsTable;
  sandbox_clocks: SandboxClocksTable;
  jobs: JobsTable;
  marketplace_inbox: MarketplaceInboxTable;
  idempotency_keys: IdempotencyKeysTable;
  sandbox_counters: SandboxCountersTable;
  sandbox_purchases: SandboxPurchasesTable;
  sandbox_purchase_lines: SandboxPurchaseLinesTable;
  sandbox_refunds: SandboxRefundsTable;
  wallet_accounts: WalletAccountsTable;
  wallet_transactions: WalletTransactionsTable;
  wallet_entries: WalletEntriesTable;
  taobao_cart_items: TaobaoCartItemsTable;
  callback_endpoints: CallbackEndpointsTable;
  callback_messages: CallbackMessagesTable;
  callback_attempts: CallbackAttemptsTable;
  taobao_refunds: TaobaoRefundsTable;
  alibaba_refunds: AlibabaRefundsTable;
  refund_messages: RefundMessagesTable;
  refund_history: RefundHistoryTable;
  refund_reasons: RefundReasonsTable;
  return_carriers: ReturnCarriersTable;
  aftersales_images: AftersalesImagesTable;
  shipping_lines: ShippingLinesTable;
  shipping_render_days: ShippingRenderDaysTable;
  shipping_renders: ShippingRendersTable;
  warehouse_inbound: WarehouseInboundTable;
  warehouse_items: WarehouseItemsTable;
  warehouse_history: WarehouseHistoryTable;
  warehouse_storage_fees: WarehouseStorageFeesTable;
  intl_parcels: IntlParcelsTable;
  intl_parcel_lines: IntlParcelLinesTable;
  intl_parcel_domestic: IntlParcelDomesticTable;
  intl_parcel_packages: IntlParcelPackagesTable;
  intl_parcel_tracking: IntlParcelTrackingTable;
  intl_parcel_charges: IntlParcelChargesTable;
  intl_parcel_history: IntlParcelHistoryTable;
  connector_settings: ConnectorSettingsTable;
  connector_refund_links: ConnectorRefundLinksTable;
  upstream_pushes: UpstreamPushesTable;
  operators: OperatorsTable;
  console_sessions: ConsoleSessionsTable;
  request_log: RequestLogTable;
}

// The console's operator accounts and sessions (migrations/0016_console.sql).
export interface OperatorsTable {
  id: Int8;
  name: string;
  password_hash: string;
  roles: string;
  disabled: Generated<boolean>;
  created_at: Generated<Date>;
  password_changed_at: Generated<Date>;
}

export interface ConsoleSessionsTable {
  token_hash: string;
  kind: "operator" | "developer";
  subject_id: Int8;
  csrf_token: string;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Date;
}

// Real upstream connectors (migrations/0014_connectors.sql).
export interface ConnectorSettingsTable {
  name: "taobao-global" | "alibaba-1688";
  app_key: string;
  secret_sealed: string;
  base_url: string;
  authorize_url: string;
  redirect_uri: string;
  tokens_sealed: string | null;
  tuning: Generated<string>;
  authorize_state: string | null;
  poll_cursor_ms: NullableInt8;
  updated_at: Generated<Date>;
  version: Generated<number>;
}

export interface ConnectorRefundLinksTable {
  connector: string;
  refund_id: string;
  upstream_refund_id: string;
  upstream_order_id: string;
  created_at: Generated<Date>;
}

export interface UpstreamPushesTable {
  id: Int8;
  connector: string;
  received_at: Generated<Date>;
  accepted: boolean;
  note: string;
  orders: Generated<number>;
}

// Shipping lines and freight renders (migrations/0011_shipping.sql).
export interface ShippingLinesTable {
  service_id: string;
  company_name: string;
  service_category: "EXPRESS" | "STANDARD" | "ECONOMY";
  active: boolean;
  definition: string;
  revision: number;
  updated_at: Timestamp;
}

export interface ShippingRenderDaysTable {
  day: string;
  last: number;
}

export interface ShippingRendersTable {
  id: string;
  developer_id: Int8;
  user_id: Int8;
  country: string;
  zip: string | null;
  status: "VALID" | "USED" | "EXPIRED";
  lines: string;
  total_fen: Int8;
  created_at: Timestamp;
  expire_at: Timestamp;
  used_at: NullableTimestamp;
}


// Warehouse (migrations/0012_warehouse.sql): inbound parcels, their items, history, storage fees.
export type InboundState = "EXPECTED" | "RECEIVED" | "STORED" | "HELD" | "RETURNED_TO_SELLER" | "ABANDONED";
export type WarehouseItemState = "EXPECTED" | "RECEIVED" | "QC_PASSED" | "QC_ISSUE" | "STORED" | "ALLOCATED" | "SHIPPED" | "RETURNED_TO_SELLER" | "ABANDONED";

export interface WarehouseInboundTable {
  id: Int8;
  developer_id: Int8;
  tracking_number: string;
  carrier: string;
  user_id: NullableInt8;
  state: InboundState;
  source: "purchase" | "declared" | "unannounced";
  platform: "taobao" | "alibaba" | null;
  weight_g: number | null;
  expected_at: NullableTimestamp;
  received_at: NullableTimestamp;
  stored_at: NullableTimestamp;
  hold_until: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface WarehouseItemsTable {
  id: Int8;
  developer_id: Int8;
  user_id: Int8;
  inbound_id: Int8;
  tracking_number: string;
  line_key: string;
  platform: "taobao" | "alibaba" | null;
  order_id: string | null;
  line_id: string | null;
  item_id: string;
  sku_id: string;
  catalog_id: string | null;
  title: string;
  quantity_expected: number;
  quantity_received: number | null;
  state: WarehouseItemState;
  weight_g: number | null;
  length_mm: number | null;
  width_mm: number | null;
  height_mm: number | null;
  qc_result: "PASSED" | "ISSUE" | null;
  qc_note: string | null;
  qc_photos: Generated<string>;
  qc_at: NullableTimestamp;
  qc_by: string | null;
  received_at: NullableTimestamp;
  stored_at: NullableTimestamp;
  storage_due_at: NullableTimestamp;
  abandon_at: NullableTimestamp;
  storage_days: Generated<number>;
  storage_charged_fen: Generated<string>;
  storage_owed_fen: Generated<string>;
  parcel_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface WarehouseHistoryTable {
  id: ColumnType<string, never, never>;
  developer_id: Int8;
  subject: "inbound" | "item";
  subject_id: Int8;
  from_state: string | null;
  to_state: string;
  reason: string | null;
  actor: string;
  at: Timestamp;
}

export interface WarehouseStorageFeesTable {
  item_id: Int8;
  day: number;
  developer_id: Int8;
  amount_fen: Int8;
  status: "CHARGED" | "OWED";
  reference: string;
  at: Timestamp;
}



// Each developer's recent signed calls (migrations/0017_request_log.sql).
export interface RequestLogTable {
  id: Int8;
  developer_id: Int8;
  user_id: string | null;
  method: string;
  path: string;
  code: number;
  latency_ms: number;
  request_id: string;
  msg: string | null;
  at: Timestamp;
}
