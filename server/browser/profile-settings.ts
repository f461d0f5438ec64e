/**
 * What a user may set on a browser profile, checked where it enters (the API): a time zone
 * Chromium does not know or a proxy address it cannot read would otherwise only fail later,
 * inside a run, with a browser message.
 */
import { z } from 'zod';

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function isLocale(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

const PROXY_SCHEMES = ['http:', 'https:', 'socks5:'];

function isProxyServer(value: string): boolean {
  try {
    const url = new URL(value.includes('://') ? value : `http://${value}`);
    // socks5:// is not a scheme URL knows, so its empty path is '' rather than '/'.
    return PROXY_SCHEMES.includes(url.protocol) && url.hostname !== '' && (url.pathname === '/' || url.pathname === '') && !url.username;
  } catch {
    return false;
  }
}

export const profileSettingsSchema = z.object({
  name: z.string().trim().min(1, 'Give the profile a name.').max(200, 'The name can be at most 200 characters.'),
  userAgent: z.string().trim().max(1000).default(''),
  viewportWidth: z
    .number({ error: 'Enter the window width in pixels.' })
    .int()
    .min(200, 'The width must be at least 200 pixels.')
    .max(7680, 'The width can be at most 7680 pixels.')
    .default(1280),
  viewportHeight: z
    .number({ error: 'Enter the window height in pixels.' })
    .int()
    .min(200, 'The height must be at least 200 pixels.')
    .max(4320, 'The height can be at most 4320 pixels.')
    .default(720),
  locale: z
    .string()
    .trim()
    .default('')
    .refine((v) => v === '' || isLocale(v), 'Write the language like en-US or de-DE.'),
  timezone: z
    .string()
    .trim()
    .default('')
    .refine((v) => v === '' || isTimeZone(v), 'Write the time zone like Europe/Berlin or America/New_York.'),
  proxyServer: z
    .string()
    .trim()
    .default('')
    .refine(
      (v) => v === '' || isProxyServer(v),
      'Write the proxy like http://proxy.example.com:8080 (or socks5://…), without a user name in it.',
    )
    // Stored with its scheme: "proxy:8080" means http, as browsers take it.
    .transform((v) => (v === '' || v.includes('://') ? v : `http://${v}`)),
  proxyUser: z.string().trim().max(500).default(''),
  notes: z.string().max(10_000).default(''),
});
export type ProfileSettings = z.output<typeof profileSettingsSchema>;
