// What after-sales needs from the picture store (images/): buyers' pictures become the platform's own
// stored copies — decoded and re-encoded so nothing but pixels is kept, served back under an
// unguessable address of the tenant — before any case, message or voucher refers to them.

export interface PictureOwner {
  developerId: string;
  userId: string;
}

export interface StoredPicture {
  /** The platform's address of the stored copy (what cases, messages and vouchers keep). */
  url: string;
  /** The same address split as the 1688 voucher upload answers it (alibaba-1688.md §4.3). */
  domain: string;
  relativeUrl: string;
}

export interface Pictures {
  /** A picture sent as base64 (JPEG, PNG or WebP, size-capped); 40002 naming `field` when it is not one. */
  fromBase64(owner: PictureOwner, base64: string, field: string): Promise<StoredPicture>;
  /**
   * Picture addresses a buyer gave: the tenant's own stored copies are kept as they are, any other
   * address is fetched through the SSRF guard, checked and stored. 40002 naming `field[i]` for one that
   * cannot be fetched or is not an image.
   */
  adopt(owner: PictureOwner, urls: readonly string[], field: string): Promise<string[]>;
  /**
   * The bytes of the developer's own stored picture behind one of its addresses (as adopt() returns
   * them), for an upstream that must be sent the picture itself; undefined for any other address.
   */
  load(developerId: string, url: string): Promise<LoadedPicture | undefined>;
}

export interface LoadedPicture {
  contentType: "image/jpeg" | "image/png" | "image/webp";
  bytes: Buffer;
}
