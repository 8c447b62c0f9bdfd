// User addresses (foundation-warehouse.md §1): the user's China-side receiving points.
// Repo, service and model in one small file: the context is small and has no state machine.
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/index.ts";
import { conflict, notFound } from "../../platform/http/errors.ts";

export interface Owner {
  developerId: string;
  userId: string;
}

export interface Address {
  id: number;
  name: string;
  province: string;
  city: string;
  district: string | null;
  address: string;
  phone: string;
}

export interface AddressInput {
  id?: number;
  name: string;
  province: string;
  city: string;
  district?: string;
  address: string;
  phone: string;
}

export const MAX_ADDRESSES_PER_USER = 50;

function toAddress(row: { id: string; name: string; province: string; city: string; district: string | null; address: string; phone: string }): Address {
  return { id: Number(row.id), name: row.name, province: row.province, city: row.city, district: row.district, address: row.address, phone: row.phone };
}

export class AddressService {
  readonly #db: Db;
  readonly #clock: Clock;
  constructor(db: Db, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /** All of the user's addresses, newest first; or the one with `id` (40401 if not theirs). */
  async list(owner: Owner, id?: number): Promise<Address[]> {
    let query = this.#db
      .selectFrom("user_addresses")
      .select(["id", "name", "province", "city", "district", "address", "phone"])
      .where("developer_id", "=", owner.developerId)
      .where("user_id", "=", owner.userId);
    if (id !== undefined) query = query.where("id", "=", String(id) as never);
    const rows = await query.orderBy("created_at", "desc").orderBy("id", "desc").execute();
    if (id !== undefined && rows.length === 0) throw notFound(`address ${id}`);
    return rows.map(toAddress);
  }

  /** Create (id absent or 0) or replace all members of one of the user's addresses. */
  async save(owner: Owner, input: AddressInput): Promise<{ id: number }> {
    const at = new Date(this.#clock.now());
    const values = {
      name: input.name,
      province: input.province,
      city: input.city,
      district: input.district ?? null,
      address: input.address,
      phone: input.phone,
      updated_at: at,
    };
    return this.#db.transaction().execute(async (trx) => {
      if (input.id) {
        const row = await trx
          .updateTable("user_addresses")
          .set(values)
          .where("id", "=", String(input.id) as never)
          .where("developer_id", "=", owner.developerId)
          .where("user_id", "=", owner.userId)
          .returning("id")
          .executeTakeFirst();
        if (!row) throw notFound(`address ${input.id}`);
        return { id: Number(row.id) };
      }
      // Count under a row lock on the owner's addresses so two concurrent creates cannot both pass 50.
      const existing = await trx
        .selectFrom("user_addresses")
        .select("id")
        .where("developer_id", "=", owner.developerId)
        .where("user_id", "=", owner.userId)
        .forUpdate()
        .execute();
      if (existing.length >= MAX_ADDRESSES_PER_USER) throw conflict(`a user may keep at most ${MAX_ADDRESSES_PER_USER} addresses`);
      const row = await trx
        .insertInto("user_addresses")
        .values({ ...values, developer_id: owner.developerId, user_id: owner.userId, created_at: at })
        .returning("id")
        .executeTakeFirstOrThrow();
      return { id: Number(row.id) };
    });
  }
}
