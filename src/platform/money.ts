// Money is integer fen everywhere inside; yuan appears only at the edge (README.md §2.5).

/** 1350 → "13.5", 1590 → "15.9", 1900 → "19", 5 → "0.05". */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100);
  const cents = abs % 100;
  if (cents === 0) return `${sign}${whole}`;
  return `${sign}${whole}.${String(cents).padStart(2, "0").replace(/0$/, "")}`;
}

/** "633.69" → 63369; rounds half up beyond two decimals; undefined for anything not a decimal. */
export function yuanToFen(text: string): number | undefined {
  const match = /^(\d{1,12})(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  const decimals = (match[2] ?? "").padEnd(3, "0");
  const fen = Number(match[1]) * 100 + Number(decimals.slice(0, 2));
  return Number(decimals[2]) >= 5 ? fen + 1 : fen;
}
