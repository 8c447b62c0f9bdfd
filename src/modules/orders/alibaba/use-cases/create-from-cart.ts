// POST /v2/alibaba/cart/create/order (alibaba-1688.md §2.6): the cart rows become one order per
// seller, all or nothing, as a batch create (create.ts); the ordered rows leave the cart in the
// transaction that attaches the orders.
import { once } from "../../shared/once.ts";
import type { AlibabaOrderDetail } from "../view.ts";
import { checkInput, createOrdersWith, resumeRecorded, type CreateInput } from "./create.ts";
import type { AlibabaDeps, AlibabaOwner } from "./support.ts";

export type CreateFromCartInput = Omit<CreateInput, "cargo"> & { cartIds: number[] };

export async function createFromCart(deps: AlibabaDeps, owner: AlibabaOwner, input: CreateFromCartInput, idempotencyKey?: string): Promise<AlibabaOrderDetail[]> {
  const ids = [...new Set(input.cartIds)];
  checkInput({ ...input, cargo: ids.map(() => ({ offerMapId: "", specId: null, quantity: 1 })) }, { singleSeller: false, field: "cartIds" });
  return once(deps, owner, "alibaba.cart.create", idempotencyKey, input, async (byKey) => {
    const rows = await deps.cart.cargoForOrder(deps.db, owner, ids);
    const { cartIds: _ids, ...rest } = input;
    return createOrdersWith(
      deps,
      owner,
      { ...rest, cargo: rows },
      {
        singleSeller: false,
        field: "cartIds",
        lineName: (i) => `cart row ${rows[i]?.cartId ?? i}`,
        inTransaction: async (trx) => {
          // Ordered by a concurrent request meanwhile: this create gives way (nothing is kept).
          await deps.cart.cargoForOrder(trx, owner, ids);
          await deps.cart.removeOrdered(trx, owner, ids);
        },
      },
      byKey,
    );
  }, undefined, async (ids) => {
    // The first attempt died after recording: its orders are settled now; bought, their rows leave the cart.
    const made = await resumeRecorded(deps, ids);
    if (made) await deps.db.transaction().execute((trx) => deps.cart.removeOrdered(trx, owner, input.cartIds)).catch(() => {});
    return made;
  });
}
