// Test harness for plugin steps: runs a step's `execute` (or a trigger's `listen`) with a fake
// context, in any test runner, with no database or server. The config is parsed by the step's
// own schema first, so defaults apply and bad settings fail as they would in TaskMaster.
import os from 'node:os';

function parseConfig(def, config) {
  const parsed = def.config.safeParse(config ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`).join('; ');
    throw new Error(`The step "${def.displayName ?? def.id}" does not accept these settings: ${detail}`);
  }
  return parsed.data;
}

function recorder() {
  const logs = [];
  const log = {
    info: (message) => logs.push({ level: 'info', message }),
    warn: (message) => logs.push({ level: 'warn', message }),
    error: (message) => logs.push({ level: 'error', message }),
  };
  return { logs, log };
}

/**
 * Runs one step: `await runStep(def, { config, inputs: { main: [...] }, credentials: { id: {...} } })`.
 * Resolves with its outputs plus what it logged, warned and notified.
 */
export async function runStep(def, options = {}) {
  const config = parseConfig(def, options.config);
  const { logs, log } = recorder();
  const warnings = [];
  const notifications = [];
  const granted = options.credentials ?? {};
  const controller = new AbortController();
  const ctx = {
    config,
    configFor: () => config,
    inputs: options.inputs ?? { main: [{}] },
    log,
    warn: (message) => warnings.push(message),
    signal: options.signal ?? controller.signal,
    fetch: options.fetch ?? globalThis.fetch,
    resolveHost: async (host) => host,
    trigger: options.trigger ?? null,
    run: { id: 'test-run', workflowId: null },
    node: { id: 'test-step', name: def.displayName ?? def.id },
    dataDir: options.dataDir ?? os.tmpdir(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    credentials: {
      async get(id) {
        if (!(id in granted)) throw new Error(`No credential "${id}" was given to runStep (pass it in options.credentials).`);
        return granted[id];
      },
      getDefault: async () => null,
      mask: () => {},
    },
    policy: { shellEnabled: false },
    notify: async (entry) => {
      notifications.push(entry);
    },
  };
  const result = await def.execute(ctx);
  return { outputs: result.outputs, logs, warnings, notifications };
}

/**
 * Starts a trigger's `listen` with a fake context; `fired` collects the payloads it fires.
 * Call `stop()` at the end of the test.
 */
export async function startTrigger(def, options = {}) {
  if (typeof def.listen !== 'function') throw new Error(`The step "${def.id}" has no listen(ctx).`);
  const config = parseConfig(def, options.config);
  const { logs } = recorder();
  const fired = [];
  let state = options.state ?? null;
  const controller = new AbortController();
  const listener = def.listen({
    config,
    workflowId: 'test-workflow',
    nodeId: 'test-trigger',
    fire: async (payload) => {
      fired.push(payload);
      return `run-${fired.length}`;
    },
    readState: async () => state,
    swapState: async (expected, next) => {
      if (JSON.stringify(expected) !== JSON.stringify(state)) return false;
      state = next;
      return true;
    },
    filesDir: options.filesDir ?? os.tmpdir(),
    fetch: options.fetch ?? globalThis.fetch,
    resolveHost: async (host) => host,
    signal: controller.signal,
    log: (message) => logs.push({ level: 'info', message }),
  });
  await listener.ready;
  return {
    fired,
    logs,
    async stop() {
      controller.abort();
      await listener.stop();
    },
  };
}
