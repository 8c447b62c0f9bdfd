// PGlite is one process: the server and an offline admin command must never open the same data
// directory at once. An exclusive lock file (with the holder's pid, stale if that pid is gone) and
// a server.json that tells admin commands where the running server listens.
import fs from "node:fs";
import path from "node:path";

export interface ServerInfo {
  pid: number;
  url: string;
  startedAt: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export class DataDirLockedError extends Error {}

/** Takes DATA_DIR/openpon.lock; returns its release function. */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "openpon.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx" });
      return () => {
        try {
          if (fs.readFileSync(file, "utf8") === String(process.pid)) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = Number(fs.readFileSync(file, "utf8"));
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
        throw new DataDirLockedError(`another openpon process (pid ${holder}) is using ${dataDir}`);
      }
      fs.rmSync(file, { force: true }); // stale: its holder died without cleaning up
    }
  }
  throw new DataDirLockedError(`could not lock ${dataDir}`);
}

export function writeServerInfo(dataDir: string, info: ServerInfo): () => void {
  const file = path.join(dataDir, "server.json");
  fs.writeFileSync(file, JSON.stringify(info, null, 2) + "\n");
  return () => fs.rmSync(file, { force: true });
}

/** The running server of this data directory, if there is one. */
export function readServerInfo(dataDir: string): ServerInfo | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(path.join(dataDir, "server.json"), "utf8")) as ServerInfo;
    return alive(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}
