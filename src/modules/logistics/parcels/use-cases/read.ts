// Reads of logistics orders: the integrators' list and detail (their own user's only; another user's
// is 40401) and the operators' (any developer's). Lists run newest first, a cursor at a time.
import { invalid } from "../../../../platform/http/errors.ts";
import { isInt8Id } from "../../../../platform/ids.ts";
import { isParcelStatus, PARCEL_STATUSES } from "../model.ts";
import { parcelRepo } from "../repo.ts";
import { parcelSummary, readParcelView, type ParcelSummary, type ParcelView } from "../view.ts";
import { missing, type ParcelDeps, type ParcelKey } from "./support.ts";

export const LIST_DEFAULT_LIMIT = 20;
export const LIST_MAX_LIMIT = 100;

export interface ParcelListQuery {
  developerId?: string;
  userId?: string;
  status?: string;
  /** A platform order (Taobao or 1688 order id): the orders holding its goods or declared with them. */
  orderId?: string;
  after?: string;
  limit?: number;
}

export interface ParcelPage<T> {
  items: T[];
  /** Pass as `after` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export type OwnedSummary = ParcelSummary & { developerId: string; userId: string };

export async function listParcels(deps: ParcelDeps, query: ParcelListQuery): Promise<ParcelPage<OwnedSummary>> {
  const limit = query.limit ?? LIST_DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > LIST_MAX_LIMIT) throw invalid(`limit must be an integer from 1 to ${LIST_MAX_LIMIT}`);
  if (query.status !== undefined && !isParcelStatus(query.status)) throw invalid(`status must be one of ${PARCEL_STATUSES.join(", ")}`);
  if (query.after !== undefined && !isInt8Id(query.after)) throw invalid("after must be a logistics order id (the previous page's nextCursor)");
  const { orderId, ...filter } = query;
  let orderGoods;
  if (orderId !== undefined) {
    if (!isInt8Id(orderId)) throw invalid("orderId must be a platform order id (digits)");
    if (filter.developerId === undefined) throw invalid("orderId needs a developer");
    orderGoods = deps.warehouse.orderGoods(deps.db, { developerId: filter.developerId, ...(filter.userId !== undefined ? { userId: filter.userId } : {}) }, orderId);
  }
  const rows = await parcelRepo.list(deps.db, { ...filter, ...(orderGoods ? { orderGoods } : {}), limit: limit + 1 });
  const page = rows.slice(0, limit);
  const ids = page.map((r) => r.id);
  const lines = await parcelRepo.lines(deps.db, ids);
  const packages = await parcelRepo.packages(deps.db, ids);
  return {
    items: page.map((row) => ({
      ...parcelSummary(
        row,
        lines.filter((l) => l.parcel_id === row.id).length,
        packages.filter((p) => p.parcel_id === row.id),
      ),
      developerId: row.developer_id,
      userId: row.user_id,
    })),
    nextCursor: rows.length > limit ? page.at(-1)!.id : null,
  };
}

export type OwnedView = ParcelView & { developerId: string; userId: string };

export async function showParcel(deps: ParcelDeps, key: ParcelKey): Promise<OwnedView> {
  const row = await parcelRepo.find(deps.db, key);
  if (!row) throw missing(key.id);
  return { ...(await readParcelView(deps.db, deps.warehouse, row)), developerId: row.developer_id, userId: row.user_id };
}
