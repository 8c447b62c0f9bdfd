// A port method a real connector does not offer yet: it fails as an unreachable upstream would
// (50201), naming the method and the connector, rather than pretending to have done something.
// `why` replaces the default "not implemented yet" when the upstream itself has no such call, so
// an operator is told to act elsewhere rather than wait for a later release.
import { UpstreamError, UpstreamRejection } from "../port.ts";

export function notImplemented(connector: string, method: string, why?: string): () => Promise<never> {
  return async () => {
    throw new UpstreamError("not_implemented", why ? `${method} is not available through the ${connector} connector: ${why}` : `${method} is not implemented by the ${connector} connector yet`);
  };
}

/**
 * A port method whose call the upstream does not have at all: a refusal (the platform answers 40901
 * with this message and keeps nothing of the request), since retrying or reconciling can never help.
 */
export function notOfferedUpstream(connector: string, method: string, why: string): () => Promise<never> {
  return async () => {
    throw new UpstreamRejection("NOT_OFFERED", `${method} is not available through the ${connector} connector: ${why}`);
  };
}
