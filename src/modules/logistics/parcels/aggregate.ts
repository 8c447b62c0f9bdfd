// One international logistics order as a unit of change. Use cases load it under its row's lock,
// move it through the map of model.ts (refusing what the map does not allow), change its domestic
// parcels, packages, trace and money, and save: the row, its parts, the history and — when the
// developer opted in — one PARCEL_STATUS_MODIFY per transition, in the caller's transaction.
import type { Db } from "../../../platform/db/index.ts";
import { writeInOneStatement, type PendingWrite } from "../../../platform/db/one-statement.ts";
import { conflict } from "../../../platform/http/errors.ts";
import type { OutboxEvent } from "../../../platform/outbox.ts";
import type { ParcelDeps } from "./deps.ts";
import { canMoveParcel, PARCEL_STATUS_MESSAGE, type ParcelStatus } from "./model.ts";
import {
  parcelRepo,
  type DomesticRow,
  type LineRow,
  type NewChargeRow,
  type NewHistoryRow,
  type NewParcelRow,
  type NewTrackingRow,
  type PackageRow,
  type ParcelRow,
} from "./repo.ts";
import { readParcelView } from "./view.ts";

/**
 * The outbox's messagePlatform of the logistics callbacks. The outbox knows Taobao (0) and 1688 (1)
 * only; a logistics order is neither, and receivers tell the family apart by its messageType.
 */
export const PARCEL_MESSAGE_PLATFORM = 0 as const;

export class ParcelAggregate {
  readonly row: ParcelRow;
  readonly lines: LineRow[];
  domestic: DomesticRow[];
  packages: PackageRow[];
  readonly #history: NewHistoryRow[] = [];
  /** The transitions since the last save (one callback each). */
  readonly #steps: Array<{ from: string | null; to: string }> = [];
  readonly #charges: NewChargeRow[] = [];
  readonly #tracking: NewTrackingRow[] = [];
  readonly #domesticReplaced = new Set<string>();
  #packagesReplaced = false;
  readonly #packagesUpdated = new Set<number>();
  #insert = false;
  #touched = false;

  constructor(row: ParcelRow, lines: LineRow[], domestic: DomesticRow[], packages: PackageRow[]) {
    this.row = row;
    this.lines = lines;
    this.domestic = domestic;
    this.packages = packages;
  }

  /** A booking (→ BOOKED): inserted by the save. */
  static book(row: NewParcelRow, lines: LineRow[], reason: string, actor: string): ParcelAggregate {
    const agg = new ParcelAggregate(row as ParcelRow, lines, [], []);
    agg.#insert = true;
    agg.#touched = true;
    agg.#history.push({ parcel_id: row.id, from_status: null, to_status: String(row.status), reason, actor, at: row.created_at });
    agg.#steps.push({ from: null, to: String(row.status) });
    return agg;
  }

  get id(): string {
    return this.row.id;
  }

  get status(): ParcelStatus {
    return this.row.status as ParcelStatus;
  }

  get owner(): { developerId: string; userId: string; sandbox: boolean } {
    return { developerId: this.row.developer_id, userId: this.row.user_id, sandbox: this.row.sandbox };
  }

  /** A move of the map; 40901 naming both states when the map forbids it. A self-move is recorded in the history only. */
  move(to: ParcelStatus, reason: string, actor: string, at: Date): void {
    const from = this.status;
    if (!canMoveParcel(from, to)) throw conflict(`logistics order ${this.id} is ${from}: it cannot become ${to}`);
    this.row.status = to;
    this.row.updated_at = at;
    this.#history.push({ parcel_id: this.id, from_status: from, to_status: to, reason, actor, at });
    if (from !== to) this.#steps.push({ from, to });
    this.#touched = true;
  }

  /** Fields changed without a transition. */
  touch(at: Date): void {
    this.row.updated_at = at;
    this.#touched = true;
  }

  /** Every domestic parcel's tracking number, once each. */
  get trackingNumbers(): string[] {
    return [...new Set(this.domestic.map((d) => d.tracking_number))];
  }

  /** Whether every line has at least one domestic parcel. */
  get fullyDeclared(): boolean {
    return this.lines.every((line) => this.domestic.some((d) => d.line_id === line.id));
  }

  /** Replaces a line's domestic parcels; answers whether the list changed. */
  replaceDomestic(lineId: string, parcels: ReadonlyArray<{ trackingNumber: string; carrier: string; rtsTime: string | null }>): boolean {
    const before = this.domestic.filter((d) => d.line_id === lineId);
    const same =
      before.length === parcels.length &&
      before.every((d, i) => d.tracking_number === parcels[i]!.trackingNumber && d.carrier === parcels[i]!.carrier && d.rts_time === parcels[i]!.rtsTime);
    if (same) return false;
    this.domestic = [
      ...this.domestic.filter((d) => d.line_id !== lineId),
      ...parcels.map((p, position) => ({
        parcel_id: this.id,
        line_id: lineId,
        developer_id: this.row.developer_id,
        position,
        tracking_number: p.trackingNumber,
        carrier: p.carrier,
        rts_time: p.rtsTime,
      })),
    ];
    this.#domesticReplaced.add(lineId);
    this.#touched = true;
    return true;
  }

  /** The packed packages (a packing), or none (unpacked by a declaration). */
  setPackages(packages: PackageRow[]): void {
    this.packages = packages;
    this.#packagesReplaced = true;
    this.#packagesUpdated.clear();
    this.#touched = true;
  }

  /** A package's carrier, tracking number or latest status changed; by its position (a service may have several). */
  updatePackage(position: number, change: Partial<Pick<PackageRow, "carrier" | "tracking_number" | "tracking_status">>): void {
    const pkg = this.packages.find((p) => p.position === position);
    if (!pkg) throw new Error(`logistics order ${this.id} has no package at position ${position}`);
    Object.assign(pkg, change);
    if (!this.#packagesReplaced) this.#packagesUpdated.add(position);
    this.#touched = true;
  }

  addTracking(event: Omit<NewTrackingRow, "parcel_id">): void {
    this.#tracking.push({ ...event, parcel_id: this.id });
    this.#touched = true;
  }

  addCharge(charge: Omit<NewChargeRow, "parcel_id">): void {
    this.#charges.push({ ...charge, parcel_id: this.id });
    this.#touched = true;
  }

  get changed(): boolean {
    return this.#touched;
  }

  /**
   * Everything changed, in the caller's transaction: deletions first (a replaced list, unpacked
   * packages), then the rest in one statement with `alongside` (jobs); then the callbacks, built
   * from the saved order, when the developer opted in.
   */
  async save(trx: Db, deps: Pick<ParcelDeps, "outbox" | "warehouse" | "optedIn">, now: number, alongside: PendingWrite[] = []): Promise<void> {
    if (!this.#touched && alongside.length === 0) return;
    const deletions: PendingWrite[] = [];
    const writes: PendingWrite[] = [];
    if (this.#insert) {
      writes.push(parcelRepo.insert(trx, this.row as NewParcelRow), ...parcelRepo.insertLines(trx, this.lines));
    } else if (this.#touched) {
      writes.push(parcelRepo.update(trx, this.row));
    }
    if (this.#domesticReplaced.size > 0) {
      const replaced = [...this.#domesticReplaced];
      if (!this.#insert) deletions.push(...parcelRepo.deleteDomestic(trx, replaced));
      writes.push(...parcelRepo.insertDomestic(trx, this.domestic.filter((d) => this.#domesticReplaced.has(d.line_id))));
    }
    if (this.#packagesReplaced) {
      if (!this.#insert) deletions.push(parcelRepo.deletePackages(trx, this.id));
      writes.push(...parcelRepo.insertPackages(trx, this.packages));
    }
    for (const position of this.#packagesUpdated) writes.push(parcelRepo.updatePackage(trx, this.packages.find((p) => p.position === position)!));
    writes.push(...parcelRepo.insertTracking(trx, this.#tracking), ...parcelRepo.insertCharges(trx, this.#charges), ...parcelRepo.insertHistory(trx, this.#history));
    await writeInOneStatement(trx, deletions);
    await writeInOneStatement(trx, [...writes, ...alongside]);
    if (!this.#insert && this.#touched) this.row.version += 1;

    const steps = this.#steps.splice(0);
    if (steps.length > 0 && (await deps.optedIn(trx, this.row.developer_id))) {
      const view = await readParcelView(trx, deps.warehouse, this.row);
      const events: OutboxEvent[] = steps.map((step) => ({
        developerId: this.row.developer_id,
        userId: this.row.user_id,
        type: PARCEL_STATUS_MESSAGE,
        platform: PARCEL_MESSAGE_PLATFORM,
        aggregateId: this.id,
        body: { ...view, status: step.to, previousStatus: step.from },
        occurredAt: now,
      }));
      await deps.outbox.append(trx, events);
    }
    this.#history.length = 0;
    this.#charges.length = 0;
    this.#tracking.length = 0;
    this.#domesticReplaced.clear();
    this.#packagesReplaced = false;
    this.#packagesUpdated.clear();
    this.#insert = false;
    this.#touched = false;
  }
}

/** An order (of a developer, of a user when given) with its parts, under its row's lock; undefined when there is none. */
export async function loadParcel(trx: Db, key: { id: string; developerId?: string; userId?: string }): Promise<ParcelAggregate | undefined> {
  const row = await parcelRepo.lock(trx, key);
  if (!row) return undefined;
  const lines = await parcelRepo.lines(trx, [row.id]);
  const domestic = await parcelRepo.domestic(trx, row.id);
  const packages = await parcelRepo.packages(trx, [row.id]);
  return new ParcelAggregate(row, lines, domestic, packages);
}
