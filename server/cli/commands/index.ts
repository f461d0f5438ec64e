/**
 * Every command, loaded only when used: `validate` must not pay for the database driver and the
 * worker at start-up. tests/integration/cli.test.ts checks that every file in this folder is
 * listed here (and so in `taskmaster help`).
 */
import type { Command } from '../command';

type Loader = () => Promise<{ command: Command }>;

export const commandLoaders: Record<string, Loader> = {
  run: () => import('./run'),
  validate: () => import('./validate'),
  list: () => import('./list'),
  import: () => import('./import'),
  export: () => import('./export'),
  delete: () => import('./delete'),
  trigger: () => import('./trigger'),
  runs: () => import('./runs'),
  'run-output': () => import('./run-output'),
  activate: () => import('./activate'),
  deactivate: () => import('./deactivate'),
  worker: () => import('./worker'),
  start: () => import('./start'),
  credentials: () => import('./credentials'),
  profiles: () => import('./profiles'),
  users: () => import('./users'),
  plugins: () => import('./plugins'),
  'new-step': () => import('./new-step'),
  help: () => import('./help'),
};

export async function loadCommand(name: string): Promise<Command | undefined> {
  const loader = Object.hasOwn(commandLoaders, name) ? commandLoaders[name] : undefined;
  return loader ? (await loader()).command : undefined;
}
