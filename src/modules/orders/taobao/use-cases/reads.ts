// The read use cases of Taobao orders: the stored detail view (taobao.md §2.7), the seller-chat link
// (§2.6), the logistics detail read live from the upstream (§2.8), and an order's upstream purchases.
import { randomBytes } from "node:crypto";
import type { Shipment } from "../../../../marketplace/port.ts";
import { invalid, notFound } from "../../../../platform/http/errors.ts";
import { formatCst } from "../../../../platform/time.ts";
import { ordersRepo } from "../repo.ts";
import { connectorFor, upstreamFailure, type CommerceDeps, type Owner } from "./support.ts";

/** The upstream's tracking statuses in the words the documented example prints (standerdDesc). */
const STANDARD_TEXT: Record<string, string> = {
  CREATE: "卖家已发货",
  ACCEPT: "已揽收",
  TRANSPORT: "运输中",
  DELIVERING: "派送中",
  SIGN: "已签收",
  FAILED: "运输异常",
};

/** The upstream purchases behind one of the developer's Taobao orders (sandbox triggers by order id). */
export async function purchasesOf(deps: CommerceDeps, developerId: string, orderId: string, userId?: string): Promise<string[]> {
  return ordersRepo.purchasesOfOrder(deps.db, developerId, orderId, userId);
}

/** GET /v2/taobao/order/detail/get (taobao.md §2.7): the stored view as served. */
export async function detail(deps: CommerceDeps, owner: Owner, by: { orderId?: string; orderNo?: string }): Promise<string> {
  if (by.orderId === undefined && by.orderNo === undefined) throw invalid("orderId or orderNo is required");
  const id = await ordersRepo.findOrderId(deps.db, owner, { ...(by.orderId ? { id: by.orderId } : {}), ...(by.orderNo ? { orderNo: by.orderNo } : {}) });
  if (!id) throw notFound(`order ${by.orderId ?? by.orderNo}`);
  return (await ordersRepo.viewOf(deps.db, id))!;
}

/** POST /v2/taobao/order/page/link/get (taobao.md §2.6). */
export async function imLink(deps: CommerceDeps, owner: Owner, sourceType: string, bizId: string): Promise<string> {
  let subject: { kind: "item" | "order"; id: string };
  if (sourceType === "item") {
    const product = await deps.catalogs.of(owner.sandbox).product("taobao", bizId, "zh").catch(() => undefined);
    if (!product) throw notFound(`item ${bizId}`);
    subject = { kind: "item", id: product.id };
  } else if (sourceType === "order") {
    if (!/^\d{12}$/.test(bizId) || (await ordersRepo.ordersOfUpstreamPurchase(deps.db, owner.developerId, bizId, owner.userId)).length === 0) {
      throw notFound(`order with taobaoPurchaseId ${bizId}`);
    }
    subject = { kind: "order", id: bizId };
  } else {
    throw invalid("sourceType must be item or order");
  }
  let link: string | undefined;
  try {
    link = await (await connectorFor(deps, owner)).imLink(owner, subject);
  } catch (err) {
    upstreamFailure(err);
  }
  if (!link) throw notFound(`${sourceType} ${bizId}`);
  // A one-time login token, as the documented address carries (the sandbox page ignores it).
  return `${link}${link.includes("?") ? "&" : "?"}loginToken=${randomBytes(16).toString("hex")}`;
}

/** GET /v2/taobao/order/logistics/detail/get (taobao.md §2.8). */
export async function logistics(deps: CommerceDeps, owner: Owner, subPurchaseOrderId: string) {
  const line = await ordersRepo.lineOfUser(deps.db, owner, subPurchaseOrderId);
  if (!line) throw notFound(`sub purchase order ${subPurchaseOrderId}`);
  const order = await ordersRepo.orderRow(deps.db, line.order_id);
  const lines = await ordersRepo.linesOf(deps.db, [order.id]);
  let parcels: Shipment[];
  try {
    parcels = await (await connectorFor(deps, owner)).shipments(owner, subPurchaseOrderId);
  } catch (err) {
    upstreamFailure(err);
  }
  const s = (v: string | null | undefined) => v ?? "";
  return {
    purchaseOrderOuterId: subPurchaseOrderId,
    pnmLogisticsDetails: parcels.map((parcel) => ({
      mailNo: parcel.trackingNumber,
      logisticsTraces: parcel.trace.map((t) => ({
        statusDesc: t.description,
        province: "",
        city: t.city,
        district: "",
        action: t.status,
        facilityName: "",
        time: formatCst(t.at),
        standerdDesc: STANDARD_TEXT[t.status] ?? "",
        status: t.status,
        nextCity: "",
        nextNodeName: "",
      })),
      logisticsPartner: [{ companyImageUrl: "", company: parcel.carrier, companyContact: "" }],
      receiver: {
        zipCode: s(order.wh_zip),
        address: s(order.wh_address),
        province: s(order.wh_state),
        city: s(order.wh_city),
        district: s(order.wh_district),
        phone: s(order.wh_mobile_phone ?? order.wh_phone),
        name: s(order.wh_name),
      },
      logisticsGoods: lines
        .filter((l) => parcel.lineIds.includes(l.taobao_sub_purchase_id))
        .map((l) => ({
          title: l.title,
          property: Object.entries(JSON.parse(l.sku_props_zh ?? "{}") as Record<string, string>)
            .map(([k, v]) => `${k}:${v}`)
            .join(";"),
          imageUrl: s(l.sku_image_url),
          quantity: String(l.quantity),
        })),
    })),
  };
}
