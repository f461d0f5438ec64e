import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { ProfileBusyError } from '../../browser/profile-lock';
import { profileSettingsSchema, type ProfileSettings } from '../../browser/profile-settings';
import {
  createBrowserProfile,
  deleteBrowserProfile,
  listBrowserProfiles,
  ProfileInputError,
  type ProfileView,
} from '../../services/browser-profiles';
import type { AppContext } from '../../context';
import { findUserByEmail, listUsers } from '../../db/users';
import { InputError, parseCommandArgs, type Command } from '../command';
import { formatTable, printResult, progress } from '../output';
import { withSession } from '../session';

const USAGE = 'profiles list | create <name> [options] | export <name|id> [file] | import <file> [--owner EMAIL] | delete <name|id>';

/** What `profiles export` writes: the settings by name. Never the proxy password, cookies or logins. */
const FILE_KIND = 'taskmaster-browser-profile';
const exportFileSchema = z.looseObject({
  kind: z.literal(FILE_KIND, { error: `This is not a browser profile file exported by TaskMaster (it needs "kind": "${FILE_KIND}").` }),
  version: z.literal(1, { error: 'This profile file was made by a newer TaskMaster (version 1 is read here).' }),
  proxyPasswordNeeded: z.boolean().optional(),
});

function settingsOf(profile: ProfileView): ProfileSettings {
  const { name, userAgent, viewportWidth, viewportHeight, locale, timezone, proxyServer, proxyUser, notes } = profile;
  return { name, userAgent, viewportWidth, viewportHeight, locale, timezone, proxyServer, proxyUser, notes };
}

/** The profile named (case aside) or with this id. */
async function findProfile(ctx: AppContext, nameOrId: string): Promise<ProfileView> {
  const all = await listBrowserProfiles(ctx);
  const found = all.find((p) => p.id === nameOrId) ?? all.find((p) => p.name.toLowerCase() === nameOrId.toLowerCase());
  if (!found) throw new InputError(`There is no browser profile named "${nameOrId}". See them with: taskmaster profiles list`);
  return found;
}

/** Zod's first complaint about profile settings, said with the setting's name. */
function settingsProblem(error: z.ZodError, where: string): InputError {
  const issue = error.issues[0];
  const field = issue.path.join('.');
  return new InputError(`${where}${field ? `, "${field}"` : ''}: ${issue.message}`);
}

function parseSettings(raw: unknown, where: string): ProfileSettings {
  const parsed = profileSettingsSchema.safeParse(raw);
  if (!parsed.success) throw settingsProblem(parsed.error, where);
  return parsed.data;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/**
 * `--owner EMAIL`: the person the profile belongs to (they manage it and choose who may use it on
 * the Browser profiles page). Without it the profile is the instance's: owners and admins only.
 */
async function ownerOf(ctx: AppContext, email: string | undefined): Promise<string | null> {
  if (email === undefined) return null;
  const user = await findUserByEmail(ctx.db, email.trim().toLowerCase());
  if (!user) throw new InputError(`There is no account with the e-mail "${email}". See them with: taskmaster users list`);
  return user.id;
}

async function create(ctx: AppContext, settings: ProfileSettings, password: string | undefined, owner?: string): Promise<ProfileView> {
  const ownerId = await ownerOf(ctx, owner);
  const all = await listBrowserProfiles(ctx);
  if (all.some((p) => p.name.toLowerCase() === settings.name.toLowerCase())) {
    throw new InputError(
      `A browser profile named "${settings.name}" already exists. Choose another name (when importing: --name "Other name").`,
    );
  }
  try {
    return await createBrowserProfile(ctx, settings, password || undefined, ownerId);
  } catch (error) {
    if (error instanceof ProfileInputError) throw new InputError(error.message);
    throw error;
  }
}

function list(profiles: ProfileView[], emails: Map<string, string>): string {
  if (profiles.length === 0) return 'No browser profiles. Create one with: taskmaster profiles create "Shop login"';
  const window = (p: ProfileView) => `${p.viewportWidth}x${p.viewportHeight}`;
  const owner = (p: ProfileView) => (p.ownerId ? (emails.get(p.ownerId) ?? p.ownerId) : '(instance: owners and admins)');
  const proxy = (p: ProfileView) => (p.proxyServer ? `${p.proxyServer}${p.hasProxyPassword ? ' (password set)' : ''}` : '-');
  return formatTable(
    ['ID', 'NAME', 'WINDOW', 'LANGUAGE', 'TIME ZONE', 'PROXY', 'OWNER'],
    profiles.map((p) => [p.id, p.name, window(p), p.locale || '-', p.timezone || '-', proxy(p), owner(p)]),
  );
}

const OPTIONS = {
  'user-agent': { type: 'string' },
  width: { type: 'string' },
  height: { type: 'string' },
  locale: { type: 'string' },
  timezone: { type: 'string' },
  proxy: { type: 'string' },
  'proxy-user': { type: 'string' },
  'proxy-password-stdin': { type: 'boolean' },
  notes: { type: 'string' },
  name: { type: 'string' },
  owner: { type: 'string' },
} as const;

type Values = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

function whole(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n)) throw new InputError(`--${option} must be a whole number of pixels (got "${text}").`);
  return n;
}

function createSettings(name: string, values: Values): ProfileSettings {
  return parseSettings(
    {
      name,
      userAgent: values['user-agent'],
      viewportWidth: whole(values.width, 'width'),
      viewportHeight: whole(values.height, 'height'),
      locale: values.locale,
      timezone: values.timezone,
      proxyServer: values.proxy,
      proxyUser: values['proxy-user'],
      notes: values.notes,
    },
    'The profile was not created',
  );
}

async function exportProfile(ctx: AppContext, nameOrId: string, file: string | undefined): Promise<number> {
  const profile = await findProfile(ctx, nameOrId);
  const text = `${JSON.stringify({ kind: FILE_KIND, version: 1, ...settingsOf(profile), proxyPasswordNeeded: profile.hasProxyPassword }, null, 2)}\n`;
  if (!file) {
    printResult(text.trimEnd());
    return 0;
  }
  await writeFile(file, text).catch((error: unknown) => {
    throw new InputError(`${file}: could not write the file (${(error as Error).message}).`);
  });
  progress(`Wrote the browser profile "${profile.name}" to ${file} (settings only: no proxy password, cookies or logins).`);
  return 0;
}

async function readProfileFile(file: string, newName: string | undefined): Promise<{ settings: ProfileSettings; passwordNeeded: boolean }> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      `${file}: ${code === 'ENOENT' ? 'no such file.' : code ? `could not read the file (${(error as Error).message}).` : 'this is not valid JSON.'}`,
    );
  }
  const head = exportFileSchema.safeParse(raw);
  if (!head.success) throw new InputError(`${file}: ${head.error.issues[0].message}`);
  const { kind: _kind, version: _version, proxyPasswordNeeded, ...body } = head.data;
  return {
    settings: parseSettings({ ...body, ...(newName ? { name: newName } : {}) }, file),
    passwordNeeded: proxyPasswordNeeded === true,
  };
}

async function importProfile(ctx: AppContext, file: string, values: Values): Promise<number> {
  const { settings, passwordNeeded } = await readProfileFile(file, values.name);
  const password = values['proxy-password-stdin'] ? await readStdin() : undefined;
  const profile = await create(ctx, settings, password, values.owner);
  progress(`Imported the browser profile "${profile.name}". It starts with no cookies or logins.`);
  if (passwordNeeded && !profile.hasProxyPassword) {
    progress(
      'Its proxy needs a password, which exports never carry: set it under Browser profiles, or import again with --proxy-password-stdin.',
    );
  }
  printResult(profile.id);
  return 0;
}

async function remove(ctx: AppContext, nameOrId: string): Promise<number> {
  const profile = await findProfile(ctx, nameOrId);
  try {
    await deleteBrowserProfile(ctx, profile.id);
  } catch (error) {
    if (error instanceof ProfileBusyError) throw new InputError(error.message);
    throw error;
  }
  printResult(`Deleted the browser profile "${profile.name}" with its cookies, logins and proxy password.`);
  return 0;
}

const ARGS: Record<string, [number, number]> = { list: [1, 1], create: [2, 2], export: [2, 3], import: [2, 2], delete: [2, 2] };

export const command: Command = {
  name: 'profiles',
  summary: 'List, create, export, import or delete browser profiles',
  usage: USAGE,
  details: [
    '  list                  each profile: id, name, window, language, time zone, proxy, owner',
    '  create <name>         --user-agent TEXT --width PX --height PX --locale en-US',
    '                        --timezone Europe/Berlin --proxy http://host:port --proxy-user NAME',
    '                        --notes TEXT --proxy-password-stdin (the password is read from stdin)',
    '                        --owner EMAIL (create and import): the person it belongs to, who',
    '                        chooses who may use it; without it only owners and admins may.',
    '  export <name|id> [f]  the settings as JSON (stdout when no file). Never the proxy password,',
    '                        cookies or logins: the file may be shared.',
    '  import <file>         a profile from an exported file, under its name (--name NAME for',
    '                        another); prints the new id. --proxy-password-stdin sets the password.',
    '  delete <name|id>      the profile with its cookies, logins and proxy password; refused while',
    '                        a run uses it.',
    '',
    'Workflow files name profiles by name: `taskmaster import` uses the profile of the same name here.',
  ].join('\n'),
  async run({ argv }) {
    const { values, positionals } = parseCommandArgs(this, argv, OPTIONS, { min: 1, max: 3 });
    const [action, target, file] = positionals;
    const counts = ARGS[action];
    if (!counts) throw new InputError(`Unknown action "${action}".\nUsage: taskmaster ${USAGE}`);
    if (positionals.length < counts[0] || positionals.length > counts[1]) {
      throw new InputError(
        `${positionals.length < counts[0] ? 'Missing an argument' : `Unexpected argument "${positionals[counts[1]]}"`}.\nUsage: taskmaster ${USAGE}`,
      );
    }
    const used = Object.keys(values);
    const allowed =
      action === 'create'
        ? Object.keys(OPTIONS).filter((o) => o !== 'name')
        : action === 'import'
          ? ['name', 'proxy-password-stdin', 'owner']
          : [];
    const stray = used.find((o) => !allowed.includes(o));
    if (stray) throw new InputError(`--${stray} does not go with "profiles ${action}".\nUsage: taskmaster ${USAGE}`);
    // Settings are checked before the database is opened.
    const settings = action === 'create' ? createSettings(target, values) : null;
    return withSession(async ({ ctx }) => {
      switch (action) {
        case 'list':
          printResult(list(await listBrowserProfiles(ctx), new Map((await listUsers(ctx.db)).map((u) => [u.id, u.email]))));
          return 0;
        case 'create': {
          const password = values['proxy-password-stdin'] ? await readStdin() : undefined;
          const profile = await create(ctx, settings!, password, values.owner);
          progress(`Created the browser profile "${profile.name}".`);
          printResult(profile.id);
          return 0;
        }
        case 'export':
          return exportProfile(ctx, target, file);
        case 'import':
          return importProfile(ctx, target, values);
        default:
          return remove(ctx, target);
      }
    });
  },
};
