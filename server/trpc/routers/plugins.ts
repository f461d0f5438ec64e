/** Settings → Plugins (admins only): what is installed and its problems; install, remove, turn off. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { pluginReport } from '../../plugins';
import { installPlugin, PluginError, removePlugin, setPluginOff } from '../../plugins/manage';
import { adminProcedure, middleware, router } from '../init';

const mapErrors = middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof PluginError) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: result.error.cause.message, cause: result.error.cause });
  }
  return result;
});

const admin = adminProcedure.use(mapErrors);
const MAX_UPLOAD = 10 * 1024 * 1024;
const name = z.object({ name: z.string().min(1).max(214) });

/** Installs an uploaded .tgz (sent as base64) through a temp file; npm then keeps its own copy. */
async function installUpload(fileName: string, base64: string) {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length === 0) throw new PluginError('The uploaded file is empty.');
  if (bytes.length > MAX_UPLOAD) throw new PluginError('The uploaded file is larger than 10 MB.');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tm-plugin-upload-'));
  try {
    const file = path.join(dir, path.basename(fileName).replace(/[^A-Za-z0-9._-]/g, '_'));
    await writeFile(file, bytes);
    return await installPlugin(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function summary(result: Awaited<ReturnType<typeof installPlugin>>) {
  return {
    name: result.name,
    version: result.plugin?.version ?? null,
    steps: result.plugin?.steps.map((s) => s.displayName) ?? [],
    problems: result.plugin?.problems ?? [],
  };
}

export const pluginsRouter = router({
  list: admin.query(() => pluginReport()),
  install: admin
    .input(z.object({ spec: z.string().trim().min(1, 'Enter a package name.').max(300) }))
    .mutation(async ({ input }) => summary(await installPlugin(input.spec))),
  upload: admin
    .input(
      z.object({
        fileName: z
          .string()
          .min(1)
          .max(255)
          .refine((f) => f.endsWith('.tgz'), 'Choose a .tgz file (made with npm pack).'),
        base64: z.string().max(Math.ceil((MAX_UPLOAD * 4) / 3) + 4),
      }),
    )
    .mutation(async ({ input }) => summary(await installUpload(input.fileName, input.base64))),
  remove: admin.input(name).mutation(async ({ input }) => {
    await removePlugin(input.name);
    return { removed: input.name };
  }),
  setOff: admin.input(name.extend({ off: z.boolean() })).mutation(async ({ input }) => {
    await setPluginOff(input.name, input.off);
    return { name: input.name, off: input.off };
  }),
});
