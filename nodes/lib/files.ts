/**
 * Paths that users type in Load/Save nodes are relative to the data folder and may not leave
 * it: `../../etc/passwd` or an absolute path elsewhere is refused with a plain message.
 */
import path from 'node:path';

export function resolveDataPath(dataDir: string, userPath: string): string {
  const root = path.resolve(dataDir);
  const full = path.resolve(root, userPath);
  if (full !== root && !full.startsWith(root + path.sep)) {
    throw new Error(`The path "${userPath}" is outside the data folder (${root}). Use a path inside it, like "reports/out.csv".`);
  }
  return full;
}
