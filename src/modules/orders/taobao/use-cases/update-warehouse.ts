// POST /v2/taobao/order/updateWarehouse (taobao.md §2.4): the pre-warehouse address and name. Allowed
// until the order ships or closes; once purchases are paid (status 10) the seller holds them, so
// the upstream must accept the new address first. No callback.
import { ApiError, Code, conflict, notFound } from "../../../../platform/http/errors.ts";
import { changeOrder } from "../aggregate.ts";
import { OrderStatus } from "../model.ts";
import { ordersRepo } from "../repo.ts";
import type { OrderV2VO } from "../view.ts";
import { connectorFor, developerNow, unpaidTimeoutMs, upstreamFailure, type CommerceDeps, type Owner } from "./support.ts";

/** POST /v2/taobao/order/updateWarehouse (taobao.md §2.4). */
export async function updateWarehouse(deps: CommerceDeps, owner: Owner, orderId: string, warehouseAddress: string, warehouseName: string): Promise<OrderV2VO> {
  const { db, outbox } = deps;
  const refuse = (status: number) => conflict(`order ${orderId} is in status ${status}; its pre-warehouse can no longer change`);
  const current = await ordersRepo.findOrderId(db, owner, { id: orderId });
  if (!current) throw notFound(`order ${orderId}`);
  // Paid purchases are the seller's now: in status 10 the change goes upstream first (taobao.md §2.4).
  const lines = await ordersRepo.linesOf(db, [current]);
  if (lines.some((l) => l.status === "WAIT_SELLER_SEND_GOODS")) {
    const purchases = [...new Set(lines.filter((l) => l.status === "WAIT_SELLER_SEND_GOODS").map((l) => l.taobao_purchase_id))];
    for (const purchaseId of purchases) {
      let accepted = false;
      try {
        accepted = await (await connectorFor(deps, owner)).updateAddress(owner, purchaseId, { name: warehouseName, address: warehouseAddress });
      } catch (err) {
        upstreamFailure(err);
      }
      if (!accepted) throw new ApiError(Code.UPSTREAM_FAILURE, `the upstream refused to change the address of purchase ${purchaseId} (already shipped)`);
    }
  }
  return db.transaction().execute(async (trx) => {
    const agg = await changeOrder(
      trx,
      { id: orderId, developerId: owner.developerId, userId: owner.userId },
      (agg) => {
        if (agg.status === OrderStatus.CANCELLED || agg.status === OrderStatus.SHIPPED) throw refuse(agg.status);
        agg.order.wh_address = warehouseAddress;
        agg.order.rcv_address = warehouseAddress;
        agg.order.wh_name = warehouseName;
        agg.touch();
      },
      { outbox, now: () => developerNow(deps, owner.developerId, trx), closeTimeoutMs: unpaidTimeoutMs(deps) },
    );
    if (!agg) throw notFound(`order ${orderId}`);
    return JSON.parse(agg.order.view_json) as OrderV2VO;
  });
}
