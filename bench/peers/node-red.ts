/**
 * Node-RED for the side-by-side benchmarks: a flows file generated here with the same workloads
 * as TaskMaster's (http in → … → http response), our own settings (127.0.0.1, no telemetry),
 * started on a free port. Node-RED keeps messages in memory only: no per-run storage.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, until } from '../lib/taskmaster';
import { spawnTracked } from '../lib/proc';
import { ensureInstalled, installDir } from './install';
import type { PeerServer } from './types';

type NrNode = Record<string, unknown> & { id: string; wires?: string[][] };

function flows(): NrNode[] {
  const out: NrNode[] = [];
  let n = 0;
  const id = () => `bench${(++n).toString(16).padStart(11, '0')}`;
  const add = (node: Omit<NrNode, 'id'>, z: string): NrNode => {
    const full = { id: id(), z, x: 100 + 40 * (n % 20), y: 100, ...node } as NrNode;
    out.push(full);
    return full;
  };
  const tab = (label: string) => {
    const t = { id: id(), type: 'tab', label, disabled: false, info: '' };
    out.push(t);
    return t.id;
  };
  const change = (z: string, p: string, to: string, tot: string) =>
    add(
      {
        type: 'change',
        name: '',
        rules: [{ t: 'set', p, pt: 'msg', to, tot }],
        action: '',
        property: '',
        from: '',
        to: '',
        reg: false,
        wires: [],
      },
      z,
    );
  const fn = (z: string, func: string) =>
    add({ type: 'function', name: '', func, outputs: 1, timeout: 0, noerr: 0, initialize: '', finalize: '', libs: [], wires: [] }, z);
  const flow = (url: string, method: string, build: (z: string) => { first: NrNode[]; last: NrNode[] }) => {
    const z = tab(url);
    const res = add({ type: 'http response', name: '', statusCode: '', headers: {}, wires: [] }, z);
    const { first, last } = build(z);
    for (const node of last) node.wires = [[res.id]];
    add({ type: 'http in', name: '', url, method, upload: false, swaggerDoc: '', wires: [first.map((f) => f.id)] }, z);
  };
  const chain = (z: string, count: number) => {
    const nodes = Array.from({ length: count }, () => change(z, 'hop', '1', 'num'));
    for (let i = 0; i + 1 < count; i++) nodes[i].wires = [[nodes[i + 1].id]];
    return { first: [nodes[0]], last: [nodes[count - 1]] };
  };

  // throughput: set a field, answer with the payload
  flow('/bench-a', 'post', (z) => {
    const set = change(z, 'payload.processed', 'true', 'bool');
    return { first: [set], last: [set] };
  });
  flow('/chain-1', 'post', (z) => chain(z, 1));
  flow('/chain-100', 'post', (z) => chain(z, 100));
  // fan-out: 50 parallel nodes joined again (manual join of 50 messages into one)
  flow('/fanout-50', 'post', (z) => {
    const branches = Array.from({ length: 50 }, () => change(z, 'hop', '1', 'num'));
    const join = add(
      {
        type: 'join',
        name: '',
        mode: 'custom',
        build: 'array',
        property: 'payload',
        propertyType: 'msg',
        key: 'topic',
        joiner: '\\n',
        joinerType: 'str',
        accumulate: false,
        timeout: '',
        count: '50',
        reduceRight: false,
        wires: [],
      },
      z,
    );
    for (const b of branches) b.wires = [[join.id]];
    return { first: branches, last: [join] };
  });
  // big data (b): K items made in code, grouped in code, answered
  flow('/bigcode', 'get', (z) => {
    const gen = fn(
      z,
      "const k = Number(msg.req.query.k || 1000); const out = new Array(k);\nfor (let i = 0; i < k; i++) out[i] = { id: i, value: i % 1000, group: 'g' + (i % 10) };\nmsg.payload = out; return msg;",
    );
    const group = fn(
      z,
      'const acc = new Map();\nfor (const j of msg.payload) { let a = acc.get(j.group); if (!a) { a = { group: j.group, count: 0, sum: 0 }; acc.set(j.group, a); } a.count++; a.sum += j.value; }\nmsg.payload = [...acc.values()]; return msg;',
    );
    gen.wires = [[group.id]];
    return { first: [gen], last: [group] };
  });
  return out;
}

function settings(dir: string, port: number): string {
  return `module.exports = ${JSON.stringify(
    {
      uiHost: '127.0.0.1',
      uiPort: port,
      userDir: dir,
      flowFile: path.join(dir, 'flows.json'),
      credentialSecret: false,
      diagnostics: { enabled: false, ui: false },
      runtimeState: { enabled: false, ui: false },
      telemetry: { enabled: false, updateNotification: false },
      logging: { console: { level: 'warn', metrics: false, audit: false } },
      externalModules: { autoInstall: false, palette: { allowInstall: false }, modules: { allowInstall: false } },
      editorTheme: { tours: false, palette: { catalogues: [] }, projects: { enabled: false } },
      functionExternalModules: false,
      apiMaxLength: '200mb',
    },
    null,
    2,
  )};\n`;
}

export async function startNodeRed(): Promise<PeerServer> {
  const version = ensureInstalled('node-red');
  const dir = path.join(installDir('node-red'), 'data');
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  writeFileSync(path.join(dir, 'flows.json'), JSON.stringify(flows()));
  writeFileSync(path.join(dir, 'settings.js'), settings(dir, port));
  const base = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const proc = spawnTracked(
    process.execPath,
    [path.join(installDir('node-red'), 'node_modules/node-red/red.js'), '--settings', path.join(dir, 'settings.js')],
    { cwd: dir },
  );
  await until(
    async () =>
      (await fetch(`${base}/bench-a`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"probe"}' }))
        .status === 200,
    120_000,
    20,
  ).catch(async (err: unknown) => {
    await proc.stop();
    throw new Error(`Node-RED did not answer within 120 s (${(err as Error).message}): ${proc.output().slice(-500)}`);
  });
  const firstHookMs = performance.now() - t0;
  return { name: 'Node-RED', version, pid: proc.pid, firstHookMs, hookUrl: (p) => `${base}/${p}`, stop: () => proc.stop() };
}
