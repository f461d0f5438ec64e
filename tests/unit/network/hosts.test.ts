import { describe, expect, it } from 'vitest';
import { hostAllowed, normaliseHostPattern } from '../../../core/hosts';
import { isPrivateAddress } from '../../../server/network/private-addresses';

describe('allowed hosts', () => {
  it('reads entries the way people type or paste them', () => {
    expect(normaliseHostPattern('  API.Example.com ')).toEqual({ host: 'api.example.com' });
    expect(normaliseHostPattern('https://api.example.com/v1/orders?x=1')).toEqual({ host: 'api.example.com' });
    expect(normaliseHostPattern('*.Example.com')).toEqual({ host: '*.example.com' });
    expect(normaliseHostPattern('example.com.')).toEqual({ host: 'example.com' });
    expect(normaliseHostPattern('10.0.0.5')).toEqual({ host: '10.0.0.5' });
    expect(normaliseHostPattern('[::1]')).toEqual({ host: '[::1]' });
    expect(normaliseHostPattern('::1')).toEqual({ host: '[::1]' });
    expect(normaliseHostPattern('bücher.example')).toEqual({ host: 'xn--bcher-kva.example' });
  });

  it('refuses what is not a host, in words', () => {
    expect(normaliseHostPattern('')).toEqual({ error: 'An allowed host can’t be empty.' });
    expect(normaliseHostPattern('*')).toEqual({ error: 'To allow every host, leave the list empty.' });
    expect(normaliseHostPattern('example.com:8080')).toEqual({
      error: '“example.com:8080”: leave out the port. Every port of an allowed host is allowed.',
    });
    expect(normaliseHostPattern('not a host')).toEqual({
      error: '“not a host” is not a host name. Write it like api.example.com or *.example.com.',
    });
    expect(normaliseHostPattern('a.*.com')).toHaveProperty('error');
    expect(normaliseHostPattern('*.10.0.0.1')).toHaveProperty('error');
  });

  it('matches a host exactly, and a *. entry for the domain and every name under it', () => {
    const list = ['api.example.com', '*.shop.test'];
    expect(hostAllowed('api.example.com', list)).toBe(true);
    expect(hostAllowed('API.example.com.', list)).toBe(true);
    expect(hostAllowed('example.com', list)).toBe(false);
    expect(hostAllowed('evil-api.example.com', list)).toBe(false);
    expect(hostAllowed('shop.test', list)).toBe(true);
    expect(hostAllowed('eu.cdn.shop.test', list)).toBe(true);
    expect(hostAllowed('badshop.test', list)).toBe(false);
    expect(hostAllowed('shop.test.evil.com', list)).toBe(false);
    expect(hostAllowed('anything.at.all', [])).toBe(true);
  });
});

describe('private and local addresses', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    'fe80::1',
    'fe80::1%eth0',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a00:1',
    '64:ff9b::a00:1',
    '2002:c0a8:101::1',
    '::127.0.0.1',
  ])('blocks %s', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '172.32.0.1',
    '192.169.0.1',
    '100.128.0.1',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ])('lets %s through', (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });
});
