/**
 * The allowed-hosts list of the Settings page: entries as people type them ("api.example.com",
 * "*.example.com", even a pasted "https://api.example.com/v1"), normalised once when saved, and
 * the check of a URL's host against them. Pure (the page imports it through the settings schema).
 */

/** A host name label: letters, digits, "-" and "_" (seen in real DNS names), not starting or ending with "-". */
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export type HostPatternResult = { host: string } | { error: string };

/** "https://API.Example.com/v1" → "api.example.com"; refuses ports, paths it can't read, and "*". */
export function normaliseHostPattern(text: string): HostPatternResult {
  let rest = text.trim().toLowerCase();
  const shown = text.trim();
  if (rest === '') return { error: 'An allowed host can’t be empty.' };
  rest = rest
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/[/?#].*$/, '')
    .replace(/\.$/, '');
  if (rest === '*' || rest === '*.') return { error: 'To allow every host, leave the list empty.' };
  const wildcard = rest.startsWith('*.');
  if (wildcard) rest = rest.slice(2);
  if (/^\[[0-9a-f:.]+\]$/.test(rest)) {
    if (wildcard) return { error: `“${shown}”: a * can only stand before a name, like *.example.com.` };
    const canonical = canonicalHost(rest);
    return canonical ? { host: canonical } : notAHost(shown);
  }
  if (/^[0-9a-f:.]+$/.test(rest) && (rest.match(/:/g)?.length ?? 0) >= 2) {
    // An IPv6 address typed without brackets.
    const canonical = canonicalHost(`[${rest}]`);
    return canonical && !wildcard ? { host: canonical } : notAHost(shown);
  }
  if (/:\d*$/.test(rest)) return { error: `“${shown}”: leave out the port. Every port of an allowed host is allowed.` };
  const canonical = canonicalHost(rest);
  if (!canonical || canonical.startsWith('[')) return notAHost(shown);
  if (wildcard && IPV4.test(canonical)) return { error: `“${shown}”: a * can only stand before a name, like *.example.com.` };
  if (!IPV4.test(canonical) && !canonical.split('.').every((label) => LABEL.test(label))) return notAHost(shown);
  return { host: wildcard ? `*.${canonical}` : canonical };
}

function notAHost(shown: string): { error: string } {
  return { error: `“${shown}” is not a host name. Write it like api.example.com or *.example.com.` };
}

/** The host as URLs spell it (punycode, IPv4 in dotted form, IPv6 compressed in brackets), or null. */
export function canonicalHost(host: string): string | null {
  try {
    const url = new URL(`http://${host}/`);
    return url.hostname && url.port === '' ? url.hostname : null;
  } catch {
    return null;
  }
}

/** Whether a URL's host (`url.hostname`) is on the list; every host is allowed by an empty list. */
export function hostAllowed(hostname: string, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return allowed.some((pattern) => {
    if (!pattern.startsWith('*.')) return host === pattern;
    const domain = pattern.slice(2);
    return host === domain || host.endsWith(`.${domain}`);
  });
}
