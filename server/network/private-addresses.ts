/**
 * Which IP addresses "Block private and local addresses" refuses: this computer, private and
 * shared networks, link-local (cloud metadata at 169.254.169.254), multicast and reserved
 * ranges, and IPv6 forms that carry such an IPv4 address (::ffff:10.0.0.1, NAT64, 6to4).
 */

type Range = readonly [prefix: number[], bits: number];

const V4_BLOCKED: Range[] = [
  [[0, 0, 0, 0], 8], // "this network"; 0.0.0.0 reaches this computer
  [[10, 0, 0, 0], 8],
  [[100, 64, 0, 0], 10], // carrier-grade NAT
  [[127, 0, 0, 0], 8],
  [[169, 254, 0, 0], 16], // link-local, cloud metadata
  [[172, 16, 0, 0], 12],
  [[192, 0, 0, 0], 24],
  [[192, 0, 2, 0], 24],
  [[192, 88, 99, 0], 24],
  [[192, 168, 0, 0], 16],
  [[198, 18, 0, 0], 15],
  [[198, 51, 100, 0], 24],
  [[203, 0, 113, 0], 24],
  [[224, 0, 0, 0], 4], // multicast
  [[240, 0, 0, 0], 4], // reserved, broadcast
];

const V6_BLOCKED: Range[] = [
  [[0x01, 0x00], 64], // discard-only 100::/64
  [[0x20, 0x01, 0x0d, 0xb8], 32], // documentation
  [[0xfc], 7], // unique local
  [[0xfe, 0x80], 10], // link-local
  [[0xfe, 0xc0], 10], // old site-local
  [[0xff], 8], // multicast
];

function inRange(bytes: number[], [prefix, bits]: Range): boolean {
  for (let i = 0; i * 8 < bits; i++) {
    const take = Math.min(8, bits - i * 8);
    const mask = (0xff << (8 - take)) & 0xff;
    if (((bytes[i] ?? 0) & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}

export function parseIPv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  const bytes = parts.map(Number);
  return bytes.every((b) => b <= 255) ? bytes : null;
}

/** 16 bytes, or null. Accepts "::", an embedded IPv4 tail and a zone ("fe80::1%eth0"). */
export function parseIPv6(text: string): number[] | null {
  let rest = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  let tail: number[] = [];
  const lastColon = rest.lastIndexOf(':');
  if (rest.slice(lastColon + 1).includes('.')) {
    const v4 = parseIPv4(rest.slice(lastColon + 1));
    if (!v4) return null;
    tail = v4;
    rest = `${rest.slice(0, lastColon + 1)}0:0`;
  }
  const halves = rest.split('::');
  if (halves.length > 2) return null;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const head = groups(halves[0]);
  const back = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - back.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...back];
  if (!all.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return null;
  const bytes = all.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

function v4Blocked(bytes: number[]): boolean {
  return V4_BLOCKED.some((range) => inRange(bytes, range));
}

/** True for an address "Block private and local addresses" refuses; false for public ones and non-addresses. */
export function isPrivateAddress(address: string): boolean {
  const v4 = parseIPv4(address);
  if (v4) return v4Blocked(v4);
  const v6 = parseIPv6(address);
  if (!v6) return false;
  const zeroUpTo = (n: number) => v6.slice(0, n).every((b) => b === 0);
  // :: and ::1, and the old IPv4-compatible ::a.b.c.d
  if (zeroUpTo(12)) return true;
  // ::ffff:a.b.c.d (IPv4-mapped): the IPv4 address decides
  if (zeroUpTo(10) && v6[10] === 0xff && v6[11] === 0xff) return v4Blocked(v6.slice(12));
  // 64:ff9b::a.b.c.d (NAT64) and 64:ff9b:1::/48 (local NAT64)
  if (v6[0] === 0 && v6[1] === 0x64 && v6[2] === 0xff && v6[3] === 0x9b) {
    return v6.slice(4, 12).every((b) => b === 0) ? v4Blocked(v6.slice(12)) : v6[4] === 0 && v6[5] === 1;
  }
  // 2002:a.b.c.d::/48 (6to4)
  if (v6[0] === 0x20 && v6[1] === 0x02) return v4Blocked(v6.slice(2, 6));
  return V6_BLOCKED.some((range) => inRange(v6, range));
}

/** "localhost" and every name below it reach this computer (browsers answer them without DNS). */
export function isLocalhostName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}
