// The after-sales picture store (placeholder until the store lands: every picture is refused).
import type { Clock } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/index.ts";
import { invalid } from "../../../platform/http/errors.ts";
import type { IdGenerator } from "../../../platform/ids.ts";
import type { PictureOwner, Pictures, StoredPicture } from "../shared/pictures.ts";

export interface ImageStoreOptions {
  db: Db;
  ids: IdGenerator;
  clock: Clock;
  publicUrl: string;
  maxBytes: number;
}

export class ImageStore implements Pictures {
  constructor(_options: ImageStoreOptions) {}

  async fromBase64(_owner: PictureOwner, _base64: string, field: string): Promise<StoredPicture> {
    throw invalid(`${field}: pictures are not accepted yet`);
  }

  async adopt(_owner: PictureOwner, urls: readonly string[], field: string): Promise<string[]> {
    if (urls.length > 0) throw invalid(`${field}: pictures are not accepted yet`);
    return [];
  }
}
