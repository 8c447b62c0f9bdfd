// POST /v2/taobao/order/refund/logistics/submit (taobao.md §4.4; statuses.md §4.1 2 → 3): the buyer
// has sent the goods back. The carrier must be an active return carrier (40002 naming
// logisticsCompanyCode); the reverse order must wait for the return (40901). The upstream takes the
// tracking number first (a refusal: 40901 with its message); the reverse order then moves to 3 with
// its logistics filled, the line to refundStatus 30, TB-REFUND.
import { UpstreamRejection, type RefundCase } from "../../../../marketplace/port.ts";
import { conflict, invalid } from "../../../../platform/http/errors.ts";
import { catalogue } from "../../shared/catalogue.ts";
import type { AftersalesDeps, AftersalesOwner } from "../../shared/deps.ts";
import { applyAnswer } from "./apply-upstream-case.ts";
import { checkAllowed, openedRefund, taobaoConnector } from "./support.ts";

export interface ReturnInput {
  refundId: string;
  logisticsCompanyCode: string;
  logisticsNo: string;
  buyerPhone?: string;
  returnGoodsDesc?: string;
}

export async function returnSubmit(deps: AftersalesDeps, owner: AftersalesOwner, input: ReturnInput): Promise<true> {
  const row = await openedRefund(deps, owner, input.refundId);
  const carrier = await catalogue.carrier(deps.db, input.logisticsCompanyCode);
  if (!carrier) throw invalid(`logisticsCompanyCode ${input.logisticsCompanyCode} is not a return carrier (see the return logistics render)`);
  checkAllowed(row, "returnGoods", "submitting the return");
  let kase: RefundCase;
  try {
    kase = await (await taobaoConnector(deps, owner)).submitReturn(owner, row.id, carrier.code, input.logisticsNo);
  } catch (err) {
    if (err instanceof UpstreamRejection) throw conflict(`the upstream refused: ${err.message}`);
    throw err;
  }
  await applyAnswer(deps, owner, row.id, kase, (refund) => {
    const r = refund.row;
    const before = JSON.stringify([r.return_carrier_code, r.return_carrier_name, r.return_logistics_no, r.buyer_phone, r.return_goods_desc]);
    r.return_carrier_code = carrier.code;
    r.return_carrier_name = carrier.name;
    r.return_logistics_no = input.logisticsNo;
    r.buyer_phone = input.buyerPhone ?? "";
    r.return_goods_desc = input.returnGoodsDesc ?? "";
    return JSON.stringify([r.return_carrier_code, r.return_carrier_name, r.return_logistics_no, r.buyer_phone, r.return_goods_desc]) !== before;
  });
  return true;
}
