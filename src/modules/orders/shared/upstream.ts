// How a marketplace port failure reaches the envelope, for the orders of both platforms.
import { UpstreamError, UpstreamRejection } from "../../../marketplace/port.ts";
import { ApiError, Code, conflict } from "../../../platform/http/errors.ts";

/** Maps port failures to the envelope: upstream down → 50201; upstream refusal → 40901. */
export function upstreamFailure(err: unknown): never {
  if (err instanceof UpstreamError) throw new ApiError(Code.UPSTREAM_FAILURE, `upstream failure: ${err.message}`);
  if (err instanceof UpstreamRejection) throw conflict(`the upstream refused: ${err.message}`);
  throw err;
}
