// The error codes of protocol.md §6, in one place so they can be remapped without touching handlers.
export const Code = {
  SUCCESS: 200,
  MISSING_HEADER: 40001,
  VALIDATION_ERROR: 40002,
  UNKNOWN_ACCESS_KEY: 40101,
  TIMESTAMP_OUT_OF_WINDOW: 40102,
  BAD_SIGNATURE: 40103,
  NONCE_REPLAY: 40104,
  INSUFFICIENT_BALANCE: 40201,
  FORBIDDEN_USER: 40301,
  NOT_FOUND: 40401,
  STATE_CONFLICT: 40901,
  RATE_LIMITED: 42901,
  INTERNAL_ERROR: 50001,
  UPSTREAM_FAILURE: 50201,
} as const;

export type ErrorCode = Exclude<(typeof Code)[keyof typeof Code], 200>;

export const SUCCESS_MSG = "成功";

/** Short descriptions for the OpenAPI document. */
export const CODE_DESCRIPTIONS: Record<ErrorCode, string> = {
  40001: "MISSING_HEADER: a required system header is missing or empty",
  40002: "VALIDATION_ERROR: body not JSON, a required field missing, wrong type, value out of range, unknown enum value",
  40101: "UNKNOWN_ACCESS_KEY: access-key not issued, or disabled",
  40102: "TIMESTAMP_OUT_OF_WINDOW: timestamp malformed, or more than 600 s from server time",
  40103: "BAD_SIGNATURE: signature does not match",
  40104: "NONCE_REPLAY: nonce-str already used by this access-key within 1200 s",
  40201: "INSUFFICIENT_BALANCE: the developer's balance cannot cover a payment",
  40301: "FORBIDDEN_USER: user-id unknown, disabled, not a sub-account of this developer, or a body userId differs from the header",
  40401: "NOT_FOUND: the object does not exist for this user, or the path/method is unknown",
  40901: "STATE_CONFLICT: the object's state forbids the action",
  42901: "RATE_LIMITED: the access-key exceeded its request rate",
  50001: "INTERNAL_ERROR: unexpected server failure; safe to retry with a new nonce",
  50201: "UPSTREAM_FAILURE: Taobao, 1688 or the warehouse refused or did not answer",
};

/** Codes every signed /v2 endpoint can answer, whatever its business. */
export const AUTH_CODES: readonly ErrorCode[] = [40001, 40002, 40101, 40102, 40103, 40104, 40301, 42901, 50001];

/** A failure with a contract code; thrown anywhere, turned into the envelope by the HTTP layer. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = "ApiError";
  }
}

export const notFound = (what: string) => new ApiError(Code.NOT_FOUND, `${what} not found`);
export const invalid = (message: string) => new ApiError(Code.VALIDATION_ERROR, message);
export const conflict = (message: string) => new ApiError(Code.STATE_CONFLICT, message);
