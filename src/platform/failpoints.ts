// Failpoints: named places where a test makes the process die on the spot (SIGKILL, as a power cut
// or an OOM kill would), to prove that every crash point is recovered from. Off unless the
// OPENPON_FAILPOINTS environment variable names them (comma-separated); nothing else reads it.
const armed = new Set((process.env["OPENPON_FAILPOINTS"] ?? "").split(",").map((name) => name.trim()).filter(Boolean));

export function failpoint(name: string): void {
  if (armed.size > 0 && armed.has(name)) process.kill(process.pid, "SIGKILL");
}
