// POST /v2/taobao/cart/create/order (taobao.md §3.2): the chosen cart rows become the order's lines
// "1", "2", … at their current prices and leave the cart in the order's transaction.
import { conflict } from "../../../../platform/http/errors.ts";
import { checkedAddress, type OrderAddressInput } from "../../../cart/index.ts";
import type { OrderV2VO } from "../view.ts";
import { createOrderWith, resumeRecorded, type CreateOrderInput, type OrderLineInput } from "./create.ts";
import { once, type CommerceDeps, type Owner } from "./support.ts";

/** POST /v2/taobao/cart/create/order (taobao.md §3.2): the rows become lines "1", "2", … and leave the cart. */
export async function createFromCart(
  deps: CommerceDeps,
  owner: Owner,
  input: { ids: number[]; orderAddress: OrderAddressInput; orderSource?: string; sellerOrderNumber?: string; remark?: string },
  idempotencyKey?: string,
): Promise<OrderV2VO> {
  // The key is checked before the rows are read: a successful first request removed them, so its
  // retry must replay the first answer (not find the rows gone). The request body is what is hashed.
  return once(deps, owner, "taobao.cart.create", idempotencyKey, input, async (byKey) => {
    const receiver = checkedAddress(input.orderAddress);
    const cartLines = await deps.cart.linesForOrder(owner, input.ids);
    const unavailable = cartLines.filter((line) => !line.available || line.currentPriceFen === null);
    if (unavailable.length > 0) {
      throw conflict(`cart rows cannot be ordered now: ${unavailable.map((l) => `${l.id} (${l.reason ?? "unavailable"})`).join(", ")}`);
    }
    const lines: OrderLineInput[] = cartLines.map((line, i) => ({
      itemId: line.mpId,
      skuId: line.mpSkuId,
      quantity: line.quantity,
      price: line.currentPriceFen!,
      orderLineNo: String(i + 1),
    }));
    const create: CreateOrderInput = {
      lines,
      receiver: input.orderAddress,
      orderSource: input.orderSource,
      sellerOrderNumber: input.sellerOrderNumber,
      remark: input.remark,
    };
    return createOrderWith(deps, owner, create, receiver, byKey, (trx) => deps.cart.removeOrdered(trx, owner, input.ids));
  }, undefined, async (ids) => {
    // The first attempt died after recording: its order is settled now; bought, its rows leave the cart.
    const view = await resumeRecorded(deps, ids[0]!);
    if (view) await deps.db.transaction().execute((trx) => deps.cart.removeOrdered(trx, owner, input.ids)).catch(() => {});
    return view;
  });
}
