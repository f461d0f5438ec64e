/**
 * The connector's check for non-HTTP connections (mail, databases, the browser's proxy): every
 * spelling of a private address, names that can't be resolved, and the address it pins.
 */
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bareHost, resolveChecked } from '../../../server/network/connector';
import { startGuardProxy } from '../../../server/network/guard-proxy';
import { OutboundBlockedError } from '../../../server/network/guarded-fetch';

const deny = { allowedHosts: [], denyPrivateNetworks: true };

describe('resolveChecked', () => {
  it('reads every spelling of an address the way a URL does', () => {
    expect(['2130706433', '0177.0.0.1', '0x7f000001', '127.1'].map(bareHost)).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.1', '127.0.0.1']);
    expect(bareHost('0')).toBe('0.0.0.0');
    expect(bareHost('[::ffff:127.0.0.1]')).toBe('::ffff:7f00:1');
    expect(bareHost('LOCALHOST.')).toBe('localhost');
  });

  it('refuses private addresses in any spelling, localhost names and metadata addresses', async () => {
    for (const host of [
      '2130706433',
      '0177.0.0.1',
      '0x7f000001',
      '::ffff:127.0.0.1',
      '0',
      '::1',
      '169.254.169.254',
      'fd00:ec2::254',
      'a.localhost',
      'LOCALHOST.',
    ]) {
      await expect(resolveChecked(host, deny), host).rejects.toThrow(/private or local address/);
    }
  });

  it('fails closed: a name that cannot be resolved is refused, not passed on', async () => {
    await expect(resolveChecked('no-such-host.invalid', deny)).rejects.toThrow(/could not be found/);
  });

  it('checks the allowed-hosts list on the canonical name', async () => {
    const list = { allowedHosts: ['127.0.0.1'], denyPrivateNetworks: false };
    await expect(resolveChecked('2130706433', list)).resolves.toBe('127.0.0.1');
    await expect(resolveChecked('10.0.0.1', list)).rejects.toThrow(/not on the list/);
  });

  it('gives the host back untouched without rules (no lookup)', async () => {
    await expect(resolveChecked('no-such-host.invalid', { allowedHosts: [], denyPrivateNetworks: false })).resolves.toBe(
      'no-such-host.invalid',
    );
  });
});

describe('the browser guard proxy', () => {
  let site: http.Server;
  let port = 0;
  beforeAll(async () => {
    site = http.createServer((req, res) => res.end(`host header ${req.headers.host}`));
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    port = (site.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => site.close(resolve)));

  const viaProxy = (proxy: string, target: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const { hostname, port: proxyPort } = new URL(proxy);
      const req = http.request(
        { host: hostname, port: Number(proxyPort), path: target, headers: { host: new URL(target).host } },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });

  it('connects to the address that was checked, not to the name again (DNS rebinding)', async () => {
    const asked: string[] = [];
    // The check answers with the site's address; a second lookup of this name would fail.
    const proxy = await startGuardProxy(async (host) => {
      asked.push(host);
      return '127.0.0.1';
    });
    try {
      const answer = await viaProxy(proxy.server, `http://rebind.invalid:${port}/`);
      expect(answer).toEqual({ status: 200, body: `host header rebind.invalid:${port}` });
      expect(asked).toEqual(['rebind.invalid']);
    } finally {
      await proxy.close();
    }
  });

  it('answers 403 with the reason when the check refuses, and tunnels nothing', async () => {
    const told: string[] = [];
    const proxy = await startGuardProxy(
      async () => {
        throw new OutboundBlockedError('"x" is a private or local address');
      },
      (message) => told.push(message),
    );
    try {
      expect(await viaProxy(proxy.server, `http://x:${port}/`)).toMatchObject({
        status: 403,
        body: expect.stringMatching(/private or local/),
      });
      const socket = net.connect(Number(new URL(proxy.server).port), '127.0.0.1');
      socket.write(`CONNECT x:${port} HTTP/1.1\r\nhost: x:${port}\r\n\r\n`);
      const first = await new Promise<string>((resolve) => socket.once('data', (d: Buffer) => resolve(d.toString())));
      socket.destroy();
      expect(first).toMatch(/^HTTP\/1.1 403/);
      expect(told.length).toBe(2);
    } finally {
      await proxy.close();
    }
  });
});
