// Operator authentication: the /admin surface needs `Authorization: Bearer <operator token>`.
import type { FastifyReply, FastifyRequest } from "fastify";
import { constantTimeEqual } from "../../platform/crypto.ts";
import { ApiError, Code } from "../../platform/http/errors.ts";
import { sendError } from "../../platform/http/server.ts";

/** The onRequest hook of the operator scope: a missing or wrong token answers 40101 (UNKNOWN_ACCESS_KEY). */
export function operatorAuth(operatorToken: string): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined> {
  return async (request, reply) => {
    const header = request.headers.authorization ?? "";
    const token = header.startsWith("Bearer ") ? header.slice(7) : "";
    if (!token || !constantTimeEqual(token, operatorToken)) {
      sendError(request, reply, new ApiError(Code.UNKNOWN_ACCESS_KEY, "operator token required (Authorization: Bearer …)"));
      return reply;
    }
    return undefined;
  };
}
