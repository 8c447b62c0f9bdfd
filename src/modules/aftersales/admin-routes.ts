// Operator API for the after-sales catalogues (/admin/aftersales/…): the refund reasons of each
// platform (statuses.md §4.5 Taobao, §6.4 1688) and the carriers a return may travel with. Operators
// add and change them here or with `openpon aftersales …` (the CLI speaks to these routes).
import { Type, type Static } from "typebox";
import type { Db } from "../../platform/db/index.ts";
import { isUniqueViolation } from "../../platform/db/index.ts";
import { conflict, invalid } from "../../platform/http/errors.ts";
import { envelopeResponse, ID_PATTERN, PlainText } from "../../platform/http/schemas.ts";
import { okOperator, type App } from "../../platform/http/server.ts";
import { GOODS_STATUSES as ALIBABA_GOODS_STATUSES, isFinal as isAlibabaFinal } from "./alibaba/model.ts";
import { alibabaRefundRepo } from "./alibaba/repo.ts";
import { caseCursor, readCaseCursor, type CaseQueueItem } from "./shared/case-queue.ts";
import { catalogue, type AftersalesPlatform, type RefundReason } from "./shared/catalogue.ts";
import { GOODS_STATUSES as TAOBAO_GOODS_STATUSES, OPEN_STATUSES as TAOBAO_OPEN } from "./taobao/model.ts";
import { refundsRepo } from "./taobao/repo.ts";

const tags = ["operator: after-sales"];

/** The goods statuses a reason may be chosen with: Taobao's (statuses.md §4.3, as strings) and 1688's (§6.3). */
const GOODS_STATUSES: Record<AftersalesPlatform, readonly string[]> = {
  taobao: TAOBAO_GOODS_STATUSES.map(String),
  alibaba: ALIBABA_GOODS_STATUSES,
};

const PlatformName = Type.Union([Type.Literal("taobao"), Type.Literal("alibaba")], { "x-message": "platform must be taobao or alibaba" });
const INT4_MAX = 2_147_483_647;

export const ReasonView = Type.Object({
  platform: PlatformName,
  reasonId: Type.Integer(),
  description: Type.String(),
  tips: Type.String(),
  goodsStatuses: Type.Array(Type.String()),
  needVoucher: Type.Boolean(),
  noRefundCarriage: Type.Boolean(),
  position: Type.Integer(),
  active: Type.Boolean(),
});
export const CarrierView = Type.Object({
  code: Type.String(),
  id: Type.Integer(),
  name: Type.String(),
  phone: Type.String(),
  spelling: Type.String(),
  supportPrint: Type.Boolean(),
  active: Type.Boolean(),
});

const ReasonBody = Type.Object({
  description: PlainText("description", { minLength: 1, maxLength: 200, description: "what the buyer picks, e.g. 商品破损/少件" }),
  tips: Type.Optional(PlainText("tips", { maxLength: 500, description: "advice shown with the reason; default empty" })),
  goodsStatuses: Type.Array(Type.String(), {
    minItems: 1,
    maxItems: 5,
    uniqueItems: true,
    description: `the goods statuses the reason may be chosen with: Taobao ${GOODS_STATUSES.taobao.join(", ")}; 1688 ${GOODS_STATUSES.alibaba.join(", ")}`,
  }),
  needVoucher: Type.Optional(Type.Boolean({ default: false, description: "a 1688 refund with this reason needs at least one voucher" })),
  noRefundCarriage: Type.Optional(Type.Boolean({ default: false, description: "a refund with this reason asks no shipping back (applyCarriage 0)" })),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, description: "catalogue order; default: kept, or after the last for a new reason" })),
  active: Type.Optional(Type.Boolean({ default: true, description: "false hides the reason from buyers (cases that used it keep it)" })),
});

const CarrierBody = Type.Object({
  name: PlainText("name", { minLength: 1, maxLength: 100, description: "company name, e.g. 顺丰速运" }),
  id: Type.Integer({ minimum: 1, maximum: INT4_MAX, "x-message": "id must be a positive integer", description: "the numeric id lists show (unique)" }),
  spelling: Type.String({ pattern: "^[a-z0-9]{1,60}$", "x-message": "spelling must be 1 to 60 lower-case letters or digits (pinyin, e.g. shunfengsuyun)", description: "pinyin; lists are ordered by it" }),
  phone: Type.Optional(Type.String({ pattern: "^[0-9+() -]{0,30}$", "x-message": "phone must be up to 30 digits, spaces, +, - or brackets", description: "default empty" })),
  supportPrint: Type.Optional(Type.Boolean({ default: false })),
  active: Type.Optional(Type.Boolean({ default: true, description: "false hides the carrier from buyers" })),
});

function checkedGoodsStatuses(platform: AftersalesPlatform, statuses: string[]): string[] {
  const known = GOODS_STATUSES[platform];
  statuses.forEach((status, i) => {
    if (!known.includes(status)) throw invalid(`goodsStatuses[${i}] must be one of ${known.join(", ")} for ${platform}`);
  });
  return statuses;
}

async function saveReason(db: Db, platform: AftersalesPlatform, reasonId: number, body: Static<typeof ReasonBody>): Promise<RefundReason> {
  const goodsStatuses = checkedGoodsStatuses(platform, body.goodsStatuses);
  let position = body.position;
  if (position === undefined) {
    const all = await catalogue.reasons(db, platform, true);
    position = all.find((r) => r.reasonId === reasonId)?.position ?? Math.min(1_000_000, Math.max(0, ...all.map((r) => r.position)) + 10);
  }
  return catalogue.upsertReason(db, {
    platform,
    reasonId,
    description: body.description,
    tips: body.tips ?? "",
    goodsStatuses,
    needVoucher: body.needVoucher ?? false,
    noRefundCarriage: body.noRefundCarriage ?? false,
    position,
    active: body.active ?? true,
  });
}

const CaseItem = Type.Object({
  platform: PlatformName,
  refundId: Type.String(),
  developId: Type.String(),
  userId: Type.String(),
  orderId: Type.String(),
  status: Type.Union([Type.Integer(), Type.String()], { description: "as the platform's wire shows it: Taobao's reverse-order status number, 1688's refund status name" }),
  open: Type.Boolean(),
  amount: Type.Integer({ description: "fen asked back: Taobao refundFee; 1688 applyPayment + applyCarriage" }),
  reason: Type.String(),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
  timeoutAt: Type.Union([Type.Number(), Type.Null()], { description: "when the awaited party's time runs out" }),
});

function taobaoCase(row: Awaited<ReturnType<typeof refundsRepo.queue>>[number]): CaseQueueItem {
  return {
    platform: "taobao",
    refundId: String(row.id),
    developId: String(row.developer_id),
    userId: String(row.user_id),
    orderId: String(row.order_id),
    status: row.status,
    open: (TAOBAO_OPEN as readonly number[]).includes(row.status),
    amount: Number(row.refund_fee),
    reason: row.reason_desc,
    createdAt: row.created_at.getTime(),
    updatedAt: row.updated_at.getTime(),
    timeoutAt: row.timeout_at?.getTime() ?? null,
  };
}

function alibabaCase(row: Awaited<ReturnType<typeof alibabaRefundRepo.queue>>[number]): CaseQueueItem {
  return {
    platform: "alibaba",
    refundId: row.id,
    developId: String(row.developer_id),
    userId: String(row.user_id),
    orderId: String(row.order_id),
    status: row.status,
    open: !isAlibabaFinal(row.status),
    amount: Number(row.apply_payment) + Number(row.apply_carriage),
    reason: row.apply_reason,
    createdAt: row.created_at.getTime(),
    updatedAt: row.updated_at.getTime(),
    timeoutAt: row.timeout_at?.getTime() ?? null,
  };
}

export function registerAftersalesAdminRoutes(app: App, db: Db): void {
  app.get(
    "/admin/aftersales/cases",
    {
      schema: {
        tags,
        summary: "After-sales cases of every developer (or one), newest first: open ones to follow up, or finished ones",
        description: "One platform per call. Pass nextCursor as `after` for the next page.",
        querystring: Type.Object({
          platform: PlatformName,
          developId: Type.Optional(Type.String({ pattern: ID_PATTERN, "x-message": "developId must be a developer id" })),
          open: Type.Optional(Type.Boolean({ description: "true: open cases only; false: finished ones only; absent: all" })),
          after: Type.Optional(Type.String({ maxLength: 100 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50, "x-message": "limit must be 1 to 100" })),
        }),
        response: envelopeResponse(Type.Object({ items: Type.Array(CaseItem), nextCursor: Type.Union([Type.String(), Type.Null()]) }), [40002], false),
      },
    },
    async (request) => {
      const { platform, developId, open, after, limit = 50 } = request.query;
      const filter = {
        ...(developId !== undefined ? { developerId: developId } : {}),
        ...(open !== undefined ? { open } : {}),
        ...(after !== undefined ? { before: readCaseCursor(after, platform) } : {}),
        limit: limit + 1,
      };
      const items = platform === "taobao" ? (await refundsRepo.queue(db, filter)).map(taobaoCase) : (await alibabaRefundRepo.queue(db, filter)).map(alibabaCase);
      const more = items.length > limit;
      const shown = items.slice(0, limit);
      return okOperator(request, { items: shown, nextCursor: more ? caseCursor(shown[shown.length - 1]!) : null });
    },
  );

  app.get(
    "/admin/aftersales/reasons",
    {
      schema: {
        tags,
        summary: "The refund reasons, active or not, in catalogue order (both platforms unless one is named)",
        querystring: Type.Object({ platform: Type.Optional(PlatformName) }),
        response: envelopeResponse(Type.Array(ReasonView), [40002], false),
      },
    },
    async (request) => {
      const platforms: AftersalesPlatform[] = request.query.platform ? [request.query.platform] : ["taobao", "alibaba"];
      const lists = await Promise.all(platforms.map((p) => catalogue.reasons(db, p, true)));
      return okOperator(request, lists.flat());
    },
  );

  app.put(
    "/admin/aftersales/reasons/:platform/:reasonId",
    {
      schema: {
        tags,
        summary: "Add or replace a refund reason",
        description:
          "The whole reason: members left out take their defaults (tips empty, needVoucher and noRefundCarriage false, active true); position left out keeps the reason's place, or puts a new one last. goodsStatuses must be the platform's: " +
          `Taobao ${GOODS_STATUSES.taobao.join(", ")}; 1688 ${GOODS_STATUSES.alibaba.join(", ")}. Cases already opened keep the reason text they were opened with.`,
        params: Type.Object({
          platform: PlatformName,
          reasonId: Type.Integer({ minimum: 1, maximum: INT4_MAX, "x-message": "reasonId must be a positive integer" }),
        }),
        body: ReasonBody,
        response: envelopeResponse(ReasonView, [40002], false),
      },
    },
    async (request) => {
      const { platform, reasonId } = request.params;
      return okOperator(request, await saveReason(db, platform, reasonId, request.body));
    },
  );

  app.get(
    "/admin/aftersales/carriers",
    {
      schema: {
        tags,
        summary: "The return carriers, active or not, ordered by spelling",
        response: envelopeResponse(Type.Array(CarrierView), [], false),
      },
    },
    async (request) => okOperator(request, await catalogue.carriers(db, true)),
  );

  app.put(
    "/admin/aftersales/carriers/:code",
    {
      schema: {
        tags,
        summary: "Add or replace a return carrier",
        description: "The whole carrier: phone left out is empty, supportPrint false, active true. The id must not be another carrier's (40901).",
        params: Type.Object({ code: Type.String({ pattern: "^[A-Z0-9_]{1,20}$", "x-message": "code must be 1 to 20 of A-Z, 0-9 and _ (e.g. SF)" }) }),
        body: CarrierBody,
        response: envelopeResponse(CarrierView, [40002, 40901], false),
      },
    },
    async (request) => {
      const { code } = request.params;
      const body = request.body;
      const taken = (await catalogue.carriers(db, true)).find((c) => c.id === body.id && c.code !== code);
      if (taken) throw conflict(`carrier id ${body.id} is already ${taken.code}'s`);
      const carrier = { code, id: body.id, name: body.name, phone: body.phone ?? "", spelling: body.spelling, supportPrint: body.supportPrint ?? false, active: body.active ?? true };
      try {
        return okOperator(request, await catalogue.upsertCarrier(db, carrier));
      } catch (err) {
        // Another operator took the id meanwhile.
        if (isUniqueViolation(err)) throw conflict(`carrier id ${body.id} is already another carrier's`);
        throw err;
      }
    },
  );
}
