/**
 * The one-time setup code: when TaskMaster listens beyond this machine and nobody owns it yet,
 * creating the owner needs a code printed in the server's log, so whoever reaches the port first
 * over the network can't take the instance. On loopback only people at this machine can reach it,
 * and they can read the log anyway, so no code is asked.
 */
import { randomInt, createHash, timingSafeEqual } from 'node:crypto';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // No 0/O or 1/I to misread from a log.

export function newSetupCode(): string {
  const pick = () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${pick()}-${pick()}-${pick()}`;
}

/** localhost, *.localhost (browsers resolve those to loopback themselves), 127.x.x.x and ::1. */
export function isLoopbackName(name: string): boolean {
  return name === 'localhost' || name.endsWith('.localhost') || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}

/** True when the listen address is reachable only from this machine. */
export function listensOnLoopbackOnly(host: string): boolean {
  return isLoopbackName(host.toLowerCase().replace(/^\[|\]$/g, ''));
}

/** Constant-time, case- and dash-insensitive comparison. */
export function setupCodeMatches(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const norm = (s: string) =>
    createHash('sha256')
      .update(s.toUpperCase().replace(/[^A-Z0-9]/g, ''))
      .digest();
  return timingSafeEqual(norm(given), norm(expected));
}
