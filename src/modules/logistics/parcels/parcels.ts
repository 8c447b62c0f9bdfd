// International logistics orders (foundation-warehouse.md §2.3, §2.4; statuses.md §8.2 extended) as
// one object for the routes and the app: each method hands over to its use case (one verb per file).
// The constructor wires what the orders react to: the warehouse storing a domestic parcel, the
// supplementary charge's retries, the sandbox warehouse and carrier, and a sandbox user's reset.
import type { LogisticsOwner } from "../contracts.ts";
import { JOBS, type ParcelDeps } from "./deps.ts";
import type { BookingInput, DeclarationInput } from "./input.ts";
import { parcelRepo } from "./repo.ts";
import { checkArrival, onParcelStored, type ArrivalPayload } from "./use-cases/arrival.ts";
import { bookParcel } from "./use-cases/book.ts";
import { cancelParcel } from "./use-cases/cancel.ts";
import { chargeNow, retrySupplement } from "./use-cases/charge.ts";
import { declareDomestic } from "./use-cases/declare.ts";
import { packParcel, type PackageMeasure } from "./use-cases/pack.ts";
import { listParcels, showParcel, type OwnedSummary, type OwnedView, type ParcelListQuery, type ParcelPage } from "./use-cases/read.ts";
import { sandboxPack, sandboxShip, sandboxTrace } from "./use-cases/sandbox-warehouse.ts";
import { shipParcel, type ShipInput } from "./use-cases/ship.ts";
import type { ParcelKey } from "./use-cases/support.ts";
import { addTracking, type TrackInput } from "./use-cases/track.ts";
import { actors } from "./deps.ts";
import type { BookingView } from "./view.ts";

export type { PackageMeasure, ShipInput, TrackInput, ParcelListQuery, ParcelPage, OwnedSummary, OwnedView, ParcelKey };

export class Parcels {
  readonly #deps: ParcelDeps;

  constructor(deps: ParcelDeps) {
    this.#deps = deps;
    deps.warehouse.onStored((trx, event) => onParcelStored(deps, trx, event));
    deps.jobs.on(JOBS.arrival, async (trx, job) => checkArrival(deps, trx, job.developerId!, job.payload as ArrivalPayload));
    deps.jobs.on(JOBS.supplement, async (trx, job, now) => {
      const p = job.payload as { parcelId: string; round: number };
      await retrySupplement(deps, trx, { id: p.parcelId }, actors.system, { at: now, round: p.round });
    });
    deps.jobs.on(JOBS.sandboxPack, async (_trx, job, now) => sandboxPack(deps, job.payload as { parcelId: string; round: number }, now));
    deps.jobs.on(JOBS.sandboxShip, async (trx, job, now) => sandboxShip(deps, trx, job.payload as { parcelId: string; round: number }, now));
    deps.jobs.on(JOBS.sandboxTrace, async (trx, job, now) => sandboxTrace(deps, trx, job.payload as { parcelId: string; step: number; shippedAt: number }, now));
    deps.clocks.onUserReset(async (trx, developerId, userId) => {
      await parcelRepo.forgetUser(trx, developerId, userId);
    });
  }

  get deps(): ParcelDeps {
    return this.#deps;
  }

  /** §2.4. */
  book(owner: LogisticsOwner, input: BookingInput): Promise<BookingView> {
    return bookParcel(this.#deps, owner, input);
  }

  /** §2.3. */
  declare(owner: LogisticsOwner, input: DeclarationInput): Promise<true> {
    return declareDomestic(this.#deps, owner, input);
  }

  /** The integrators' list (their user's) and the operators' (filter by developer). */
  list(query: ParcelListQuery): Promise<ParcelPage<OwnedSummary>> {
    return listParcels(this.#deps, query);
  }

  show(key: ParcelKey): Promise<OwnedView> {
    return showParcel(this.#deps, key);
  }

  /** Operator: packed and weighed. */
  async pack(key: ParcelKey, packages: PackageMeasure[]): Promise<OwnedView> {
    await packParcel(this.#deps, key, packages, actors.operator);
    return this.show(key);
  }

  /** Operator: the waiting supplementary charge tried now (after a top-up). */
  async charge(key: ParcelKey): Promise<OwnedView> {
    await chargeNow(this.#deps, key);
    return this.show(key);
  }

  /** Operator: handed to the carrier. */
  async ship(key: ParcelKey, input: ShipInput): Promise<OwnedView> {
    await shipParcel(this.#deps, key, input, actors.operator);
    return this.show(key);
  }

  /** Operator or a carrier connector: a trace event. */
  async track(key: ParcelKey, input: TrackInput, actor: string = actors.operator): Promise<OwnedView> {
    await addTracking(this.#deps, key, input, actor);
    return this.show(key);
  }

  /** Operator: cancelled, freight credited back. */
  async cancel(key: ParcelKey): Promise<OwnedView> {
    await cancelParcel(this.#deps, key, actors.operator);
    return this.show(key);
  }
}
