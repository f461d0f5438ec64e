/**
 * Paths that users type in Load/Save nodes are relative to the data folder and may not leave
 * it: `../../etc/passwd` or an absolute path elsewhere is refused with a plain message. Links
 * count too: a symlink planted inside the folder (pointing at the encryption key beside it, or
 * anywhere else) is followed here, and refused when it leads out.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';

function inside(root: string, full: string): boolean {
  return full === root || full.startsWith(root + path.sep);
}

/** The real path of `target`, following links of the part that exists (what is left is new). */
function realPathOf(target: string): string {
  let existing = target;
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(realpathSync(existing), ...rest.reverse());
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return target;
      rest.push(path.basename(existing));
      existing = parent;
    }
  }
}

export function resolveDataPath(dataDir: string, userPath: string): string {
  const root = path.resolve(dataDir);
  const full = path.resolve(root, userPath);
  if (!inside(root, full)) {
    throw new Error(`The path "${userPath}" is outside the data folder (${root}). Use a path inside it, like "reports/out.csv".`);
  }
  if (!inside(realPathOf(root), realPathOf(full))) {
    throw new Error(
      `The path "${userPath}" goes through a link (symlink) that leads outside the data folder (${root}). Use a real file or folder inside it.`,
    );
  }
  return full;
}
