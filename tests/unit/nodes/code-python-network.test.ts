/**
 * The Python step opens no connection of its own (it is listed as "not connecting" in
 * outbound-everywhere.test.ts): every way Python has to reach a server fails, and a server on
 * 127.0.0.1 sees no request.
 */
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import codePython from '../../../nodes/code-python';
import { runNode } from './fake-ctx';

const SLOW = 180_000; // Pyodide's first load in a process takes 5–20 s on a busy machine

let server: http.Server;
let hits = 0;
let port = 0;

beforeAll(async () => {
  server = http.createServer((_req, res) => {
    hits += 1;
    res.end('reached');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const attempt = (body: string) => `
try:
${body
  .split('\n')
  .map((l) => `    ${l}`)
  .join('\n')}
    return {"reached": True}
except Exception as error:
    return {"reached": False, "error": type(error).__name__}
`;

describe('code-python opens no connection', () => {
  it.each([
    ['urllib', `import urllib.request\nurllib.request.urlopen("http://127.0.0.1:PORT/", timeout=5).read()`],
    [
      'a raw socket',
      `import socket\ns = socket.create_connection(("127.0.0.1", PORT), timeout=5)\ns.sendall(b"GET / HTTP/1.0\\r\\n\\r\\n")\ns.recv(100)`,
    ],
    [
      'http.client',
      `import http.client\nc = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)\nc.request("GET", "/")\nc.getresponse().read()`,
    ],
  ])('through %s', { timeout: SLOW }, async (_name, code) => {
    const config = { code: attempt(code.replaceAll('PORT', String(port))), timeoutMs: 5_000 };
    // Python raising is the usual answer; a call that can only hang until the time limit is as good.
    const outcome = await runNode(codePython, { config, inputs: { main: [] } }).then(
      (out) => out.main,
      (error: Error) => error.message,
    );
    if (typeof outcome === 'string') expect(outcome).toMatch(/time limit/);
    else expect(outcome).toEqual([{ reached: false, error: expect.any(String) }]);
    expect(hits).toBe(0);
  });
});

describe('code-python that reaches JavaScript still reaches no server', () => {
  // Pyodide's import machinery kept the JavaScript objects behind "js"; through gc, Python found
  // them and, with process.getBuiltinModule('net'), connected anywhere (seen before the fix).
  it('finds no way from Python through JavaScript to the network or to other programs', { timeout: SLOW }, async () => {
    let connections = 0;
    const tcp = net.createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    const tcpPort = (tcp.address() as AddressInfo).port;
    const code = `
import gc, sys
tried = []
holders = [o for o in gc.get_objects() if hasattr(o, 'jsproxies')] + list(sys.meta_path)
for holder in holders:
    for proxy in list(getattr(holder, 'jsproxies', {}).values()):
        try:
            host = proxy.constructor.constructor("return this")()
            tried.append("reached JavaScript")
            host.process.getBuiltinModule("net").connect(${tcpPort}, "127.0.0.1")
            tried.append("connected")
        except Exception as error:
            tried.append(type(error).__name__)
return {"tried": tried}
`;
    try {
      const outcome = await runNode(codePython, { config: { code, timeoutMs: 20_000 }, inputs: { main: [] } }).then(
        (out) => out.main,
        (error: Error) => error.message,
      );
      expect(JSON.stringify(outcome)).not.toContain('connected');
      // Give a connection that was started the time to arrive: the next run's answer is later.
      await runNode(codePython, { config: { code: 'return {}' }, inputs: { main: [] } });
      expect(connections).toBe(0);
    } finally {
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    }
  });
});
