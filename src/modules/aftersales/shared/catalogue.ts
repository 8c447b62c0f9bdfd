// The reason catalogues (statuses.md §4.5 Taobao, §6.4 1688) and the carriers a return may travel
// with (taobao.md §4.3, alibaba-1688.md §4.6): rows operators extend over /admin and the CLI, read by
// the renders and checked by every submission.
import type { Db } from "../../../platform/db/index.ts";

export type AftersalesPlatform = "taobao" | "alibaba";

export interface RefundReason {
  platform: AftersalesPlatform;
  reasonId: number;
  description: string;
  tips: string;
  /** The goods statuses the reason may be chosen with (Taobao "4", "1", "2"; 1688 goodsStatus strings). */
  goodsStatuses: string[];
  needVoucher: boolean;
  noRefundCarriage: boolean;
  position: number;
  active: boolean;
}

export interface ReturnCarrier {
  code: string;
  id: number;
  name: string;
  phone: string;
  spelling: string;
  supportPrint: boolean;
  active: boolean;
}

type ReasonRow = { platform: AftersalesPlatform; reason_id: number; description: string; tips: string; goods_statuses: string; need_voucher: boolean; no_refund_carriage: boolean; position: number; active: boolean };

const toReason = (row: ReasonRow): RefundReason => ({
  platform: row.platform,
  reasonId: row.reason_id,
  description: row.description,
  tips: row.tips,
  goodsStatuses: JSON.parse(row.goods_statuses) as string[],
  needVoucher: row.need_voucher,
  noRefundCarriage: row.no_refund_carriage,
  position: row.position,
  active: row.active,
});

export const catalogue = {
  /** A platform's reasons in catalogue order; only active ones unless `all`. */
  async reasons(db: Db, platform: AftersalesPlatform, all = false): Promise<RefundReason[]> {
    let query = db.selectFrom("refund_reasons").selectAll().where("platform", "=", platform);
    if (!all) query = query.where("active", "=", true);
    const rows = await query.orderBy("position").orderBy("reason_id").execute();
    return rows.map(toReason);
  },

  /** The active reasons that may be chosen with a goods status. */
  async reasonsFor(db: Db, platform: AftersalesPlatform, goodsStatus: string): Promise<RefundReason[]> {
    return (await catalogue.reasons(db, platform)).filter((r) => r.goodsStatuses.includes(goodsStatus));
  },

  async reason(db: Db, platform: AftersalesPlatform, reasonId: number): Promise<RefundReason | undefined> {
    const row = await db.selectFrom("refund_reasons").selectAll().where("platform", "=", platform).where("reason_id", "=", reasonId).executeTakeFirst();
    return row && toReason(row);
  },

  async upsertReason(db: Db, reason: RefundReason): Promise<RefundReason> {
    const row = {
      platform: reason.platform,
      reason_id: reason.reasonId,
      description: reason.description,
      tips: reason.tips,
      goods_statuses: JSON.stringify(reason.goodsStatuses),
      need_voucher: reason.needVoucher,
      no_refund_carriage: reason.noRefundCarriage,
      position: reason.position,
      active: reason.active,
    };
    const { platform: _p, reason_id: _r, ...changes } = row;
    await db.insertInto("refund_reasons").values(row).onConflict((oc) => oc.columns(["platform", "reason_id"]).doUpdateSet(changes)).execute();
    return reason;
  },

  /** Active carriers ordered by their spelling (alibaba-1688.md §4.6); all of them with `all`. */
  async carriers(db: Db, all = false): Promise<ReturnCarrier[]> {
    let query = db.selectFrom("return_carriers").selectAll();
    if (!all) query = query.where("active", "=", true);
    const rows = await query.orderBy("spelling").orderBy("code").execute();
    return rows.map((row) => ({ code: row.code, id: row.id, name: row.name, phone: row.phone, spelling: row.spelling, supportPrint: row.support_print, active: row.active }));
  },

  async carrier(db: Db, code: string): Promise<ReturnCarrier | undefined> {
    return (await catalogue.carriers(db)).find((c) => c.code === code);
  },

  async upsertCarrier(db: Db, carrier: ReturnCarrier): Promise<ReturnCarrier> {
    const row = { code: carrier.code, id: carrier.id, name: carrier.name, phone: carrier.phone, spelling: carrier.spelling, support_print: carrier.supportPrint, active: carrier.active };
    const { code: _c, ...changes } = row;
    await db.insertInto("return_carriers").values(row).onConflict((oc) => oc.column("code").doUpdateSet(changes)).execute();
    return carrier;
  },
};
