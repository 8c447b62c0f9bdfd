// Identity: developers, their one Access Key + Secret, and their users (sub-accounts, protocol.md §8).
export type Status = "ENABLED" | "DISABLED";

export interface Developer {
  developId: string;
  name: string;
  status: Status;
  sandbox: boolean;
  rateLimitPerSecond: number | null;
  rateLimitBurst: number | null;
  createdAt: string;
}

export interface User {
  userId: string;
  developId: string;
  userName: string;
  status: Status;
  createdAt: string;
}

export interface Credentials {
  developId: string;
  accessKey: string;
  accessSecret: string;
}

/** What the request path needs to know about an access key, in one lookup. */
export interface KeyRecord {
  developerId: string;
  developerStatus: Status;
  sandbox: boolean;
  accessKey: string;
  secretCiphertext: string;
  secretVersion: number;
  rateLimitPerSecond: number | null;
  rateLimitBurst: number | null;
  /** The user named by the request, when it belongs to this developer. */
  user: { id: string; name: string; status: Status } | undefined;
}

/** DESIGNED formats (protocol.md §2.1). */
export const USER_ID_PATTERN = /^21\d{11}$/;
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
