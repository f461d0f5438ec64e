/**
 * A module of a checkout as `npm start` runs it: compiled into one file (bin/precompile.mjs) when
 * that checkout has it, else its TypeScript sources through tsx (older checkouts, or
 * BENCH_TSX=1 to measure what tsx costs). Benchmarks that run the worker in their own process
 * load it this way, so their figures are those of the server users start.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export async function serverModuleUrl(root: string, entry: string): Promise<string> {
  const precompile = path.join(root, 'bin', 'precompile.mjs');
  if (process.env.BENCH_TSX !== '1' && existsSync(precompile)) {
    const { precompiled } = (await import(pathToFileURL(precompile).href)) as {
      precompiled(entry: string, log?: (line: string) => void): Promise<string | null>;
    };
    const built = await precompiled(entry, (line) => console.error(line));
    if (built) return built;
  }
  return pathToFileURL(path.join(root, entry)).href;
}
