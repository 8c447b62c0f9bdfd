// Wire formats for time (README.md §2.7): "yyyy-MM-dd HH:mm:ss" in China Standard Time (UTC+8).
const CST_OFFSET_MS = 8 * 3600 * 1000;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** Epoch ms (or a Date) to "yyyy-MM-dd HH:mm:ss" in UTC+8. */
export function formatCst(value: number | Date): string {
  const d = new Date((typeof value === "number" ? value : value.getTime()) + CST_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

function cstToEpoch(y: number, mo: number, d: number, h: number, mi: number, s: number): number | undefined {
  const ms = Date.UTC(y, mo - 1, d, h, mi, s) - CST_OFFSET_MS;
  const check = new Date(ms + CST_OFFSET_MS);
  // Reject 2024-02-31 and 25:00:00 instead of letting Date roll them over.
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return undefined;
  if (check.getUTCHours() !== h || check.getUTCMinutes() !== mi || check.getUTCSeconds() !== s) return undefined;
  return ms;
}

/**
 * A request date bound (README.md §2.7): "yyyy-MM-dd HH:mm:ss" (UTC+8), "yyyy-MM-dd" (the whole day)
 * or epoch milliseconds. Returns the inclusive range [from, to] in epoch ms the value covers, or
 * undefined when the text is not one of those forms.
 */
export function parseDateBound(value: string | number): { from: number; to: number } | undefined {
  if (typeof value === "number") return Number.isSafeInteger(value) && value >= 0 ? { from: value, to: value } : undefined;
  let m = DATE_TIME.exec(value);
  if (m) {
    const ms = cstToEpoch(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
    return ms === undefined ? undefined : { from: ms, to: ms + 999 };
  }
  m = DATE_ONLY.exec(value);
  if (m) {
    const ms = cstToEpoch(+m[1]!, +m[2]!, +m[3]!, 0, 0, 0);
    return ms === undefined ? undefined : { from: ms, to: ms + 86_400_000 - 1 };
  }
  if (/^\d{1,15}$/.test(value)) return { from: Number(value), to: Number(value) };
  return undefined;
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Thrown by parseDuration; callers turn it into their own error (40002 naming the field, a config error). */
export class DurationError extends Error {}

/** "2d", "3h", "90m", "1d12h", "45s", "500ms" or a number of milliseconds. */
export function parseDuration(value: string | number): number {
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || value < 0) throw new DurationError("duration must be a non-negative number of milliseconds");
    return value;
  }
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    const ms = Number(text);
    if (!Number.isSafeInteger(ms)) throw new DurationError("duration is too large");
    return ms;
  }
  const parts = [...text.matchAll(/(\d+)(ms|s|m|h|d|w)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text) throw new DurationError('duration must look like "2d", "3h", "90m", "1d12h" or a number of milliseconds');
  const ms = parts.reduce((sum, [, n, unit]) => sum + Number(n) * DURATION_UNITS[unit!]!, 0);
  if (!Number.isSafeInteger(ms)) throw new DurationError("duration is too large");
  return ms;
}
