// Operator API for the job runner (/admin/jobs): list jobs (dead-lettered ones above all) and give a
// dead job a new round of attempts. The CLI's `openpon jobs` speaks to it.
import { Type } from "typebox";
import { notFound } from "../http/errors.ts";
import { envelopeResponse, ID_PATTERN } from "../http/schemas.ts";
import { okOperator, type App } from "../http/server.ts";
import type { JobRunner } from "./runner.ts";

const tags = ["operator: jobs"];
const JobId = Type.String({ pattern: ID_PATTERN, "x-message": "id must be a job id (digits)" });

export const JobViewSchema = Type.Object({
  id: Type.String(),
  developerId: Type.Union([Type.String(), Type.Null()]),
  kind: Type.String(),
  subject: Type.Union([Type.String(), Type.Null()]),
  clock: Type.Union([Type.Literal("developer"), Type.Literal("real")], { description: "developer: the developer's time (a sandbox developer's test clock); real: real time" }),
  status: Type.Union([Type.Literal("PENDING"), Type.Literal("RUNNING"), Type.Literal("DONE"), Type.Literal("DEAD")]),
  dueAtMs: Type.Integer({ description: "on the job's clock, epoch ms" }),
  attempts: Type.Integer({ description: "failed attempts so far" }),
  maxAttempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()], { description: "why the last attempt failed (a dead job: why it was dead-lettered)" }),
  payload: Type.Unknown(),
  createdAt: Type.Integer(),
  doneAt: Type.Union([Type.Integer(), Type.Null()]),
});

const ListQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal("PENDING"), Type.Literal("RUNNING"), Type.Literal("DONE"), Type.Literal("DEAD")], { "x-message": "status must be PENDING, RUNNING, DONE or DEAD" })),
  kind: Type.Optional(Type.String({ pattern: "^[a-z0-9_.]{1,64}$", "x-message": "kind must be a job kind like orders.taobao.unpaid_timeout" })),
  developId: Type.Optional(Type.String({ pattern: ID_PATTERN, "x-message": "developId must be a developer id (digits)" })),
  after: Type.Optional(Type.String({ pattern: ID_PATTERN, "x-message": "after must be a job id (nextCursor)" })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, "x-message": "limit must be from 1 to 500" })),
});

export function registerJobAdminRoutes(app: App, jobs: JobRunner): void {
  app.get(
    "/admin/jobs",
    {
      schema: {
        tags,
        summary: "Jobs, newest first (status=DEAD: the dead-letter list)",
        querystring: ListQuery,
        response: envelopeResponse(Type.Object({ items: Type.Array(JobViewSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) }), [40002], false),
      },
    },
    async (request) => {
      const q = request.query;
      return okOperator(request, await jobs.list({ ...(q.status ? { status: q.status } : {}), ...(q.kind ? { kind: q.kind } : {}), ...(q.developId ? { developerId: q.developId } : {}), ...(q.after ? { after: q.after } : {}), ...(q.limit ? { limit: q.limit } : {}) }));
    },
  );
  app.get(
    "/admin/jobs/:id",
    { schema: { tags, summary: "One job", params: Type.Object({ id: JobId }), response: envelopeResponse(JobViewSchema, [40002, 40401], false) } },
    async (request) => {
      const job = await jobs.get(request.params.id);
      if (!job) throw notFound(`job ${request.params.id}`);
      return okOperator(request, job);
    },
  );
  app.post(
    "/admin/jobs/:id/retry",
    { schema: { tags, summary: "Give a dead job a new round of attempts, due now", params: Type.Object({ id: JobId }), response: envelopeResponse(JobViewSchema, [40002, 40401], false) } },
    async (request) => {
      const job = await jobs.retry(request.params.id);
      if (!job) throw notFound(`dead job ${request.params.id}`);
      return okOperator(request, job);
    },
  );
}
