// POST /v2/open/pp/logistics/orderBookingFreight (foundation-warehouse.md §2.4): the international
// logistics order is booked and paid in one transaction — the render used (or the lines priced now),
// the total freight debited from the developer's balance (40201 and nothing written when short),
// one waybill number per line. A caller's order id already booked and not cancelled answers that
// order unchanged.
import { ApiError, Code } from "../../../../platform/http/errors.ts";
import type { FreightLineRequest, LogisticsOwner, PricedFreightLine } from "../../contracts.ts";
import { ParcelAggregate } from "../aggregate.ts";
import { actors } from "../deps.ts";
import { checkBooking, type BookingInput, type CheckedBooking } from "../input.ts";
import { ParcelStatus, references, waybillNumber } from "../model.ts";
import { parcelRepo, type LineRow } from "../repo.ts";
import { bookingView, type BookingView } from "../view.ts";
import { developerNow, type ParcelDeps } from "./support.ts";

const requests = (booking: CheckedBooking): FreightLineRequest[] =>
  booking.lines.map((l) => ({ itemId: l.itemId, skuId: l.skuId, quantity: l.quantity, serviceId: l.serviceId }));

/** The live order of a caller's order id, as booked; undefined when there is none. */
async function existing(deps: ParcelDeps, db: ParcelDeps["db"], owner: LogisticsOwner, tmallOrderId: string | null): Promise<BookingView | undefined> {
  if (tmallOrderId === null) return undefined;
  const row = await parcelRepo.findByTmall(db, owner.developerId, owner.userId, tmallOrderId);
  if (!row || row.status === ParcelStatus.CANCELLED) return undefined;
  return bookingView(row, await parcelRepo.lines(db, [row.id]));
}

const isUniqueViolation = (err: unknown): boolean => {
  const e = err as { code?: string; message?: string } | null;
  return e?.code === "23505" || /intl_parcels_tmall_key/.test(e?.message ?? "");
};

export async function bookParcel(deps: ParcelDeps, owner: LogisticsOwner, input: BookingInput): Promise<BookingView> {
  const booking = checkBooking(input);
  const repeat = await existing(deps, deps.db, owner, booking.tmallOrderId);
  if (repeat) return repeat;
  // Priced outside the transaction (the rate tables are read from the database on their own).
  const priced = booking.renderId === null ? await deps.shipping.priceLines(owner, booking.receiver.country, requests(booking), "lineItems", booking.receiver.zip) : undefined;

  try {
    return await deps.db.transaction().execute(async (trx) => {
      const again = await existing(deps, trx, owner, booking.tmallOrderId);
      if (again) return again;
      const now = await developerNow(deps, owner.developerId, trx);
      const lines: PricedFreightLine[] =
        priced ?? (await deps.shipping.useRender(trx, owner, booking.renderId!, booking.receiver.country, requests(booking), now));
      if (lines.length !== booking.lines.length) throw new Error(`freight pricing answered ${lines.length} lines for ${booking.lines.length}`);
      const id = deps.ids.next();
      const at = new Date(now);
      const sequences = await parcelRepo.waybillSequences(trx, lines.length);
      const lineRows: LineRow[] = booking.lines.map((line, i) => {
        const p = lines[i]!;
        return {
          id: deps.ids.next(),
          parcel_id: id,
          position: i,
          item_id: line.itemId,
          sku_id: line.skuId,
          quantity: line.quantity,
          title: line.title,
          image_url: line.imageUrl,
          service_id: line.serviceId,
          company_name: p.companyName,
          service_category: p.serviceCategory,
          currency: line.currency,
          price: line.price,
          freight_fen: String(p.freightFen),
          weight_g: p.weightG,
          chargeable_weight_g: p.chargeableWeightG,
          min_delivery_days: p.minDeliveryDays,
          max_delivery_days: p.maxDeliveryDays,
          waybill: waybillNumber(booking.receiver.country, now, sequences[i]!),
        };
      });
      const totalFen = lines.reduce((sum, l) => sum + l.freightFen, 0);
      const agg = ParcelAggregate.book(
        {
          id,
          developer_id: owner.developerId,
          user_id: owner.userId,
          tmall_order_id: booking.tmallOrderId,
          render_id: booking.renderId,
          status: ParcelStatus.BOOKED,
          sandbox: owner.sandbox,
          country: booking.receiver.country,
          receiver: JSON.stringify(booking.receiver),
          remark: booking.remark,
          booked_fen: String(totalFen),
          supplement_fen: "0",
          supplement_due_fen: "0",
          refunded_fen: "0",
          pack_round: 0,
          allocated: false,
          created_at: at,
          updated_at: at,
          version: 0,
        },
        lineRows,
        booking.renderId === null ? "booked; freight priced at booking" : `booked with render ${booking.renderId}`,
        actors.user(owner),
      );
      if (totalFen > 0) {
        const reference = references.freight(id);
        // 40201 when short: thrown before anything is written, and the transaction (render use included) rolls back.
        await deps.wallet.debit(trx, { developerId: owner.developerId, amountFen: totalFen, reference, memo: `international freight of logistics order ${id}`, actor: actors.user(owner) });
        agg.addCharge({ kind: "freight", amount_fen: String(totalFen), reference, at });
      }
      await agg.save(trx, deps, now);
      return bookingView(agg.row, agg.lines);
    });
  } catch (err) {
    // A concurrent booking of the same caller's order id won: answer it.
    if (isUniqueViolation(err)) {
      const winner = await existing(deps, deps.db, owner, booking.tmallOrderId);
      if (winner) return winner;
    }
    if (err instanceof ApiError && err.code === Code.INSUFFICIENT_BALANCE) throw new ApiError(Code.INSUFFICIENT_BALANCE, `${err.message} (the international freight of this booking)`);
    throw err;
  }
}
