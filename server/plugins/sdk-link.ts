/**
 * Plugins import 'taskmaster/sdk'. Node finds it by walking up to `<plugins dir>/node_modules`,
 * so a link there points `taskmaster` at this installation (the package.json "exports" map names
 * ./sdk). A link, not a copy: plugins get this TaskMaster's zod and contracts, whichever version.
 */
import { lstat, mkdir, readlink, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Makes `<dir>/node_modules/taskmaster` link here; returns a problem in plain words or null. */
export async function linkSdk(dir: string): Promise<string | null> {
  const link = path.join(dir, 'node_modules', 'taskmaster');
  const info = await lstat(link).catch(() => null);
  if (info?.isSymbolicLink()) {
    if (path.resolve(path.dirname(link), await readlink(link)) === REPO_ROOT) return null;
    await rm(link);
  } else if (info) {
    return `${link} is a folder, not TaskMaster's own link: plugins there would import another "taskmaster" package. Remove it (npm uninstall taskmaster in ${dir}).`;
  }
  await mkdir(path.dirname(link), { recursive: true });
  await symlink(REPO_ROOT, link, 'dir');
  return null;
}
