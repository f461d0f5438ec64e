/**
 * "Block private and local addresses" on every path that opens a connection: each step of the
 * registry that connects, each credential Test, each trigger listener that connects and the
 * browser, for every spelling of a private address. A trap listens on this computer and must
 * never see a connection. A new step must be added to one of the two lists below, so it can't
 * be forgotten.
 */
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeTypes } from '../../nodes';
import { credentialTypes } from '../../nodes/credentials';
import type { NodeDefinition } from '../../nodes/types';
import { createBrowserPool } from '../../server/browser/pool';
import { createConnector } from '../../server/network/connector';
import type { OutboundRules } from '../../server/network/guarded-fetch';
import { pollListener } from '../../server/triggers/poll';
import { postgresListener } from '../../server/triggers/postgres';
import type { ListenerContext, ListenerType } from '../../server/triggers/types';
import { generateKey } from '../../server/credentials/crypto';
import { fixedKeyStore } from '../../server/credentials/keys';
import { createAppContext } from '../../server/context';
import { callerAs } from '../helpers/auth';
import { createTestDatabase } from '../helpers/db';
import { fakeCtx } from '../unit/nodes/fake-ctx';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';

/** Each is this computer, the cloud metadata service or a private network. */
const PRIVATE_FORMS = [
  '2130706433',
  '0177.0.0.1',
  '0x7f000001',
  '[::ffff:127.0.0.1]',
  '0',
  '0.0.0.0',
  '[::1]',
  '169.254.169.254',
  '[fd00:ec2::254]',
  'shop.localhost',
  'LOCALHOST.',
];
const REFUSED = /private or local address/;
const rules: OutboundRules = { allowedHosts: [], denyPrivateNetworks: true };
const connector = createConnector(() => rules);

let trap: net.Server;
let trap6: net.Server | null = null;
let port = 0;
let trapped = 0;

beforeAll(async () => {
  const count = (socket: net.Socket) => {
    trapped++;
    socket.destroy();
  };
  trap = net.createServer(count);
  await new Promise<void>((resolve) => trap.listen(0, '0.0.0.0', resolve));
  port = (trap.address() as net.AddressInfo).port;
  // The same port on ::1 where this machine has IPv6.
  trap6 = net.createServer(count);
  await new Promise<void>((resolve) => {
    trap6!.once('error', () => {
      trap6 = null;
      resolve();
    });
    trap6!.listen(port, '::1', resolve);
  });
});

afterAll(async () => {
  await new Promise((resolve) => trap.close(resolve));
  if (trap6) await new Promise((resolve) => trap6!.close(resolve));
});

const bare = (form: string) => form.replace(/^\[|\]$/g, '');
const web = (form: string) => `http://${form}:${port}/x`;

interface Case {
  config(form: string): unknown;
  credentials?(form: string): Record<string, Record<string, unknown>>;
}

/** Every step that opens a connection, and how to point it at an address. */
const CONNECTING: Record<string, Case> = {
  'http-request': { config: (f) => ({ url: web(f) }) },
  'send-webhook': { config: (f) => ({ url: web(f) }) },
  'send-email': { config: (f) => ({ host: bare(f), port, from: 'a@example.com', to: 'b@example.com', text: 'hi' }) },
  'postgres-query': {
    config: () => ({ credential: 'db', query: 'select 1' }),
    credentials: (f) => ({
      db: { type: 'postgres', host: bare(f), port, database: 'x', user: 'u', password: 'p', ssl: 'disable', connectionString: '' },
    }),
  },
  github: {
    config: () => ({ credential: 'gh', operation: 'listRepos' }),
    credentials: (f) => ({ gh: { type: 'github-token', token: 't', baseUrl: web(f) } }),
  },
  openai: {
    config: () => ({ credential: 'ai', operation: 'chat', prompt: 'hi' }),
    credentials: (f) => ({ ai: { type: 'openai-api-key', key: 'k', baseUrl: web(f), organization: '' } }),
  },
};

/** Steps that open no connection of their own (browser steps act on the page Browser: open page opened). */
const NOT_CONNECTING = new Set([
  'manual-trigger',
  'schedule-trigger',
  'webhook-trigger',
  'file-trigger',
  'set-fields',
  'if',
  'merge',
  'wait',
  'no-op',
  'load-csv',
  'load-json',
  'save-csv',
  'save-json',
  'drop-missing',
  'fix-types',
  'remove-duplicates',
  'rename-columns',
  'code',
  'code-python',
  'run-command',
  'stop-with-error',
  'log-message',
  'filter',
  'sort',
  'limit',
  'normalize',
  'aggregate',
  'join',
  'split-out',
  'switch',
  'notify',
  'split-into-batches',
  'date-time',
  'workflow-trigger',
  'run-workflow',
  'repeat-until',
  'needs-attention',
  'browser-click',
  'browser-type',
  'browser-select',
  'browser-check',
  'browser-press',
  'browser-wait',
  'browser-scroll',
  'browser-extract',
  'browser-table',
  'browser-screenshot',
  'browser-download',
  'browser-cookies',
  'browser-steps',
  'browser-script',
]);
/** Tested below through their listeners (the step itself only passes the event on) and the browser. */
const ELSEWHERE = new Set(['poll-trigger', 'postgres-trigger', 'browser-open']);

const CREDENTIAL_TESTS: Record<string, (form: string) => Record<string, unknown>> = {
  'github-token': (f) => ({ token: 't', baseUrl: web(f) }),
  'openai-api-key': (f) => ({ key: 'k', baseUrl: web(f), organization: '' }),
  'oauth2-client-credentials': (f) => ({ tokenUrl: web(f), clientId: 'id', clientSecret: 's', scope: '', clientAuth: 'basic' }),
  postgres: (f) => ({ connectionString: '', host: bare(f), port, database: 'x', user: 'u', password: 'p', ssl: 'disable' }),
  smtp: (f) => ({ host: bare(f), port, secure: false, user: '', password: '' }),
};

describe('every step, check and trigger that connects refuses private addresses', () => {
  it('lists every step of the registry as connecting or not', () => {
    const listed = new Set([...Object.keys(CONNECTING), ...NOT_CONNECTING, ...ELSEWHERE]);
    expect(nodeTypes.map((d) => d.id).filter((id) => !listed.has(id))).toEqual([]);
    expect(
      credentialTypes
        .filter((t) => t.test)
        .map((t) => t.id)
        .sort(),
    ).toEqual(Object.keys(CREDENTIAL_TESTS).sort());
  });

  for (const [id, c] of Object.entries(CONNECTING)) {
    it(`${id}: refused for every private form`, async () => {
      const def = nodeTypes.find((d) => d.id === id) as NodeDefinition;
      for (const form of PRIVATE_FORMS) {
        const { ctx } = fakeCtx(def, {
          config: c.config(form),
          credentials: c.credentials?.(form),
          inputs: { main: [{}] },
          fetch: connector.fetch,
          resolveHost: connector.resolveHost,
        });
        await expect(def.execute(ctx), `${id} ${form}`).rejects.toThrow(REFUSED);
      }
      expect(trapped).toBe(0);
    });
  }

  for (const [id, values] of Object.entries(CREDENTIAL_TESTS)) {
    it(`credential Test of ${id}: refused for every private form`, async () => {
      const type = credentialTypes.find((t) => t.id === id)!;
      for (const form of PRIVATE_FORMS) {
        const parsed = type.schema.parse(values(form));
        const run = type.test!(parsed, { fetch: connector.fetch, resolveHost: connector.resolveHost, signal: AbortSignal.timeout(10_000) });
        await expect(run, `${id} ${form}`).rejects.toThrow(REFUSED);
      }
      expect(trapped).toBe(0);
    });
  }

  const listen = async <C>(type: ListenerType<C>, raw: unknown): Promise<string[]> => {
    const said: string[] = [];
    const controller = new AbortController();
    const lc = {
      config: type.config.parse(raw),
      workflowId: 'wf',
      nodeId: 'n',
      zone: 'UTC',
      target: () => {
        throw new Error('not in this test');
      },
      fire: async () => 'run',
      fireIn: async () => null,
      readState: async () => null,
      swapState: async () => true,
      sql: null as never,
      filesDir: '',
      fetch: connector.fetch,
      resolveHost: connector.resolveHost,
      signal: controller.signal,
      log: (message: string) => void said.push(message),
    } satisfies ListenerContext<C>;
    const listener = type.start(lc);
    await listener.ready.catch((error: unknown) => said.push(String(error)));
    controller.abort();
    await listener.stop();
    return said;
  };

  it('the poll and database triggers: refused for every private form', async () => {
    for (const form of PRIVATE_FORMS) {
      expect((await listen(pollListener, { url: web(form) })).join(' '), form).toMatch(REFUSED);
      const connectionString = `postgres://u:p@${form}:${port}/db`;
      expect((await listen(postgresListener, { connectionString, table: 't' })).join(' '), form).toMatch(REFUSED);
      expect((await listen(postgresListener, { connectionString, mode: 'notify', channel: 'c' })).join(' '), form).toMatch(REFUSED);
    }
    expect(trapped).toBe(0);
  });
});

describe('the browser under the outbound rules', () => {
  let site: http.Server;
  let sitePort = 0;
  let dir = '';

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'taskmaster-outbound-'));
    site = http.createServer((req, res) => {
      if (req.url === '/redirect') return void res.writeHead(302, { location: `http://127.0.0.1:${port}/secret` }).end();
      if (req.url === '/redirect6') return void res.writeHead(302, { location: `http://[::1]:${port}/secret` }).end();
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<title>site</title><script>
        window.socketResult = new Promise((resolve) => {
          const ws = new WebSocket('ws://127.0.0.1:${port}/');
          ws.onopen = () => resolve('open');
          ws.onerror = () => resolve('refused');
        });</script>`);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    sitePort = (site.address() as net.AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => site.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  const withBrowser = async (
    r: OutboundRules,
    use: (open: (url: string) => Promise<{ status: number | null; text: string; socket?: string }>) => Promise<void>,
  ) => {
    const pool = createBrowserPool({ database: null, profilesDir: path.join(dir, 'profiles'), maxBrowsers: 1, outboundRules: () => r });
    const run = new AbortController();
    const browser = pool.forRun('run-outbound', run.signal);
    try {
      await use(async (url) => {
        const { page } = await browser.open({ profileId: null, profileWaitMs: 0, signal: run.signal });
        const response = await page.goto(url).catch(() => null);
        const socket = await page
          .evaluate(() => (window as unknown as { socketResult?: Promise<string> }).socketResult)
          .catch(() => undefined);
        return { status: response?.status() ?? null, text: await page.content().catch(() => ''), socket };
      });
    } finally {
      await browser.close();
      await pool.close();
    }
  };

  it('refuses every private form, *.localhost and LOCALHOST. included', async () => {
    await withBrowser(rules, async (open) => {
      for (const form of PRIVATE_FORMS) {
        const { text } = await open(web(form));
        expect(text, form).toMatch(/Blocked by TaskMaster/);
      }
    });
    expect(trapped).toBe(0);
  });

  it('checks redirects and page WebSockets too, not only the address typed', async () => {
    await withBrowser({ allowedHosts: ['localhost'], denyPrivateNetworks: false }, async (open) => {
      const page = await open(`http://localhost:${sitePort}/`);
      expect(page.text).toMatch(/<title>site<\/title>/);
      expect(page.socket).toBe('refused');
      for (const hop of ['/redirect', '/redirect6']) {
        const { status, text } = await open(`http://localhost:${sitePort}${hop}`);
        expect(text, hop).not.toMatch(/secret/);
        expect(status === null || status === 403, hop).toBe(true);
      }
    });
    expect(trapped).toBe(0);
  });
});

describe('the API paths that open connections themselves', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let ctx: ReturnType<typeof createAppContext>;
  let api: Awaited<ReturnType<typeof callerAs>>;
  let dataDir = '';

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'taskmaster-outbound-api-'));
    process.env.TASKMASTER_DATA_DIR = dataDir;
    database = await createTestDatabase();
    ctx = createAppContext(database.url, { keys: fixedKeyStore(generateKey()) });
    api = await callerAs(ctx, 'owner');
    await api.settings.update({ denyPrivateNetworks: true });
  });

  afterAll(async () => {
    await ctx?.close();
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("a credential's Test button obeys the rules, and its stored message says why", async () => {
    for (const form of ['0x7f000001', '[::ffff:127.0.0.1]', '169.254.169.254']) {
      const saved = await api.credentials.create({
        name: `hook ${form}`,
        type: 'github-token',
        values: { token: 't', baseUrl: web(form) },
      });
      if (!saved.saved) throw new Error(JSON.stringify(saved.problems));
      const result = await api.credentials.test({ id: saved.id });
      expect(result, form).toMatchObject({ ok: false, message: expect.stringMatching(REFUSED) });
    }
    expect(trapped).toBe(0);
  });

  it("a browser profile's test page obeys the rules", async () => {
    const profile = await api.profiles.create({ name: 'Guarded' });
    for (const form of ['2130706433', 'shop.localhost', '[::1]']) {
      await expect(api.profiles.testPage({ id: profile.id, url: web(form) }), form).rejects.toThrow(REFUSED);
    }
    expect(trapped).toBe(0);
  });
});
