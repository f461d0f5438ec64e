/**
 * n8n for the side-by-side benchmarks: SQLite with n8n's default execution saving (every
 * execution with its data), 127.0.0.1 only, no telemetry or outbound calls. The workflows are
 * generated here, imported and published with n8n's CLI once per cache folder.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { freePort, until } from '../lib/taskmaster';
import { spawnTracked } from '../lib/proc';
import { ensureInstalled, installDir } from './install';
import type { PeerServer } from './types';

type N8nNode = {
  id: string;
  name: string;
  type: string;
  typeVersion: number;
  position: [number, number];
  parameters: Record<string, unknown>;
  webhookId?: string;
};

const webhook = (p: string, method: string, responseMode: string): N8nNode => ({
  id: randomUUID(),
  name: 'Webhook',
  type: 'n8n-nodes-base.webhook',
  typeVersion: 2,
  position: [0, 0],
  webhookId: randomUUID(),
  parameters: { httpMethod: method, path: p, responseMode, options: {} },
});
const respond = (x: number, all: boolean): N8nNode => ({
  id: randomUUID(),
  name: 'Respond',
  type: 'n8n-nodes-base.respondToWebhook',
  typeVersion: 1.1,
  position: [x, 0],
  parameters: all ? { respondWith: 'allIncomingItems', options: {} } : { options: {} },
});
const code = (name: string, x: number, jsCode: string): N8nNode => ({
  id: randomUUID(),
  name,
  type: 'n8n-nodes-base.code',
  typeVersion: 2,
  position: [x, 0],
  parameters: { mode: 'runOnceForAllItems', language: 'javaScript', jsCode },
});

/** A linear workflow (connections by node name, as n8n stores them). */
function linear(id: string, name: string, nodes: N8nNode[]) {
  const connections: Record<string, unknown> = {};
  for (let i = 0; i + 1 < nodes.length; i++) connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
  return {
    id,
    name,
    active: false,
    nodes,
    connections,
    settings: { executionOrder: 'v1' },
    pinData: {},
    versionId: randomUUID(),
    meta: {},
    tags: [],
  };
}

function workflows() {
  const setNode: N8nNode = {
    id: randomUUID(),
    name: 'Edit Fields',
    type: 'n8n-nodes-base.set',
    typeVersion: 3.4,
    position: [200, 0],
    parameters: {
      assignments: {
        assignments: [
          { id: randomUUID(), name: 'name', value: '={{ $json.body.name }}', type: 'string' },
          { id: randomUUID(), name: 'processed', value: true, type: 'boolean' },
        ],
      },
      options: {},
    },
  };
  const noops = (n: number) =>
    Array.from(
      { length: n },
      (_, i): N8nNode => ({
        id: randomUUID(),
        name: `NoOp ${i + 1}`,
        type: 'n8n-nodes-base.noOp',
        typeVersion: 1,
        position: [200 * (i + 1), 0],
        parameters: {},
      }),
    );
  const gen =
    "const k = Number($input.first().json.query.k || 1000);\nconst out = new Array(k);\nfor (let i = 0; i < k; i++) out[i] = { json: { id: i, value: i % 1000, group: 'g' + (i % 10) } };\nreturn out;";
  const group =
    'const acc = new Map();\nfor (const item of $input.all()) { const j = item.json; let a = acc.get(j.group); if (!a) { a = { group: j.group, count: 0, sum: 0 }; acc.set(j.group, a); } a.count++; a.sum += j.value; }\nreturn [...acc.values()].map((json) => ({ json }));';
  return [
    linear('tmBenchA00000001', 'bench-a', [webhook('bench-a', 'POST', 'responseNode'), setNode, respond(400, false)]),
    linear('tmBenchChain0001', 'chain-1', [webhook('chain-1', 'POST', 'responseNode'), ...noops(1), respond(400, false)]),
    linear('tmBenchChain0100', 'chain-100', [webhook('chain-100', 'POST', 'responseNode'), ...noops(100), respond(20400, false)]),
    linear('tmBenchBigCode01', 'bigcode', [
      webhook('bigcode', 'GET', 'responseNode'),
      code('Generate', 200, gen),
      code('Group', 400, group),
      respond(600, true),
    ]),
  ];
}

const dataDir = () => path.join(installDir('n8n'), 'data');
const cli = () => path.join(installDir('n8n'), 'node_modules/n8n/bin/n8n');

function env(port: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    N8N_USER_FOLDER: dataDir(),
    N8N_PORT: String(port),
    N8N_LISTEN_ADDRESS: '127.0.0.1',
    N8N_HOST: '127.0.0.1',
    N8N_PROTOCOL: 'http',
    N8N_SECURE_COOKIE: 'false',
    DB_TYPE: 'sqlite',
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_HIRING_BANNER_ENABLED: 'false',
    N8N_DYNAMIC_BANNERS_ENABLED: 'false',
    N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
    N8N_COMMUNITY_PACKAGES_ENABLED: 'false',
    N8N_AI_ENABLED: 'false',
    N8N_RUNNERS_MODE: 'internal',
    N8N_LOG_LEVEL: 'warn',
    N8N_PAYLOAD_SIZE_MAX: '512',
  };
}

/** Imports and publishes the workflows once per set of workflows (n8n must be stopped). */
function importWorkflows(): void {
  const wfs = workflows();
  // The random ids inside are left out: the same workloads give the same digest.
  const stable = JSON.stringify(wfs, (key, value: unknown) =>
    key === 'webhookId' || key === 'versionId' || (key === 'id' && typeof value === 'string' && value.length === 36) ? undefined : value,
  );
  const digest = createHash('sha1').update(stable).digest('hex').slice(0, 10);
  const marker = path.join(dataDir(), `imported-${digest}`);
  if (existsSync(marker)) return;
  const dir = path.join(dataDir(), 'workflows');
  mkdirSync(dir, { recursive: true });
  for (const wf of wfs) {
    const file = path.join(dir, `${wf.name}.json`);
    writeFileSync(file, JSON.stringify(wf));
    for (const args of [
      ['import:workflow', `--input=${file}`],
      ['publish:workflow', `--id=${wf.id}`],
    ]) {
      const r = spawnSync(process.execPath, [cli(), ...args], { env: env(0), encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`n8n ${args.join(' ')} failed: ${r.stderr}${r.stdout}`);
    }
  }
  writeFileSync(marker, new Date().toISOString());
}

export async function startN8n(): Promise<PeerServer> {
  const version = ensureInstalled('n8n');
  mkdirSync(dataDir(), { recursive: true });
  importWorkflows();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // The task runners' broker has a fixed default port (5679): a free one avoids clashes.
  const brokerPort = await freePort();
  const t0 = performance.now();
  const proc = spawnTracked(process.execPath, [cli(), 'start'], {
    env: { ...env(port), N8N_RUNNERS_BROKER_PORT: String(brokerPort) },
    cwd: dataDir(),
  });
  // While starting, n8n answers 200 "n8n is starting up" to everything: wait for the real answer.
  await until(
    async () => {
      const res = await fetch(`${base}/webhook/bench-a`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"name":"probe"}',
      });
      return res.status === 200 && (await res.text()).includes('processed');
    },
    300_000,
    50,
  ).catch(async (err: unknown) => {
    await proc.stop();
    throw new Error(`n8n did not answer within 300 s (${(err as Error).message}): ${proc.output().slice(-500)}`);
  });
  const firstHookMs = performance.now() - t0;
  return { name: 'n8n', version, pid: proc.pid, firstHookMs, hookUrl: (p) => `${base}/webhook/${p}`, stop: () => proc.stop(30_000) };
}
