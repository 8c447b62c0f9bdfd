// POST /v2/alibaba/refund/goods/return (alibaba-1688.md §4.5): the buyer has sent the goods back for a
// refund waiting for them (waitbuyersend; other states 40901). The carrier must be an active return
// carrier (§4.6; 40002). The upstream is told outside any transaction; its answer moves the refund to
// waitsellerreceive with the carrier's name, its code and the tracking number (1688-REFUND).
import { UpstreamError, UpstreamRejection, type RefundCase } from "../../../../marketplace/port.ts";
import type { PendingWrite } from "../../../../platform/db/one-statement.ts";
import { ApiError, Code, conflict, invalid, notFound } from "../../../../platform/http/errors.ts";
import { catalogue } from "../../shared/catalogue.ts";
import { loadRefund } from "../aggregate.ts";
import { MAX_VOUCHERS, RefundStatus } from "../model.ts";
import { alibabaRefundRepo } from "../repo.ts";
import { applyCase } from "./apply-upstream-case.ts";
import { alibabaConnector, buyerActor, developerNow, type AftersalesDeps, type AftersalesOwner } from "./support.ts";

export interface ReturnGoodsInput {
  refundId: string;
  logisticsCompanyNo: string;
  freightBill: string;
  description?: string | null;
  vouchers?: string[] | null;
}

const inState = (status: string) => conflict(`refund status ${status} does not allow submitting the return (only waitbuyersend)`);

export async function returnGoods(deps: AftersalesDeps, owner: AftersalesOwner, input: ReturnGoodsInput): Promise<true> {
  const row = await alibabaRefundRepo.opened(deps.db, owner.developerId, owner.userId, input.refundId);
  if (!row) throw notFound(`1688 refund ${input.refundId}`);
  if (row.status !== RefundStatus.WAIT_BUYER_SEND) throw inState(row.status);
  const carrier = await catalogue.carrier(deps.db, input.logisticsCompanyNo);
  if (!carrier) throw invalid(`logisticsCompanyNo ${input.logisticsCompanyNo} is not a return carrier (see refund/logistics/company/list)`);
  if ((input.vouchers ?? []).length > MAX_VOUCHERS) throw invalid(`vouchers must have at most ${MAX_VOUCHERS} addresses`);
  const vouchers = await deps.pictures.adopt(owner, input.vouchers ?? [], "vouchers");

  const connector = await alibabaConnector(deps, owner);
  let report: RefundCase;
  try {
    report = await connector.submitReturn(owner, input.refundId, carrier.code, input.freightBill);
  } catch (err) {
    if (err instanceof UpstreamRejection) throw conflict(`the upstream refused the return: ${err.message}`);
    if (err instanceof UpstreamError) throw new ApiError(Code.UPSTREAM_FAILURE, `upstream failure: ${err.message}`);
    throw err;
  }

  await deps.db.transaction().execute(async (trx) => {
    const loaded = await loadRefund(trx, { refundId: input.refundId, developerId: owner.developerId, userId: owner.userId });
    if (!loaded) throw notFound(`1688 refund ${input.refundId}`);
    const { refund, all } = loaded;
    const now = await developerNow(deps, owner.developerId, trx);
    // The return's details are the buyer's, whichever of this answer and the upstream's own report comes first.
    if (refund.status === RefundStatus.WAIT_BUYER_SEND || refund.status === RefundStatus.WAIT_SELLER_RECEIVE) {
      refund.row.buyer_send_goods = true;
      refund.row.buyer_logistics_name = carrier.name;
      refund.row.logistics_company_no = carrier.code;
      refund.row.freight_bill = input.freightBill;
      if (vouchers.length > 0) refund.row.vouchers = JSON.stringify([...(JSON.parse(refund.row.vouchers) as string[]), ...vouchers]);
      refund.touch(new Date(now));
    }
    const note = input.description?.trim();
    const alongside: PendingWrite[] = [];
    await applyCase(deps, trx, all, refund, report, now, buyerActor(owner), alongside, `the buyer shipped the return with ${carrier.name} ${input.freightBill}${note ? `: ${note}` : ""}`);
    await all.save(trx, deps.outbox, now, alongside);
  });
  return true;
}
