import { describe, expect, it } from 'vitest';
import { profileSettingsSchema } from '../../../server/browser/profile-settings';

const parse = (input: Record<string, unknown>) => profileSettingsSchema.safeParse({ name: 'P', ...input });
const message = (input: Record<string, unknown>) => parse(input).error?.issues[0]?.message;

describe('browser profile settings', () => {
  it('fills in defaults: the browser decides what is left empty', () => {
    expect(parse({}).data).toEqual({
      name: 'P',
      userAgent: '',
      viewportWidth: 1280,
      viewportHeight: 720,
      locale: '',
      timezone: '',
      proxyServer: '',
      proxyUser: '',
      notes: '',
    });
  });

  it('accepts real time zones and languages, and refuses made-up ones in plain words', () => {
    expect(parse({ timezone: 'America/New_York', locale: 'pt-BR' }).success).toBe(true);
    expect(message({ timezone: 'Europe/Atlantis' })).toBe('Write the time zone like Europe/Berlin or America/New_York.');
    expect(message({ locale: 'english please' })).toBe('Write the language like en-US or de-DE.');
  });

  it('stores a proxy with its scheme and refuses one Chromium cannot use', () => {
    expect(parse({ proxyServer: 'proxy.local:3128' }).data?.proxyServer).toBe('http://proxy.local:3128');
    expect(parse({ proxyServer: 'socks5://10.0.0.1:1080' }).data?.proxyServer).toBe('socks5://10.0.0.1:1080');
    expect(message({ proxyServer: 'http://user:pw@proxy:1' })).toMatch(/^Write the proxy like/);
    expect(message({ proxyServer: 'ftp://proxy:21' })).toMatch(/^Write the proxy like/);
  });

  it('keeps window sizes within what a screen can be', () => {
    expect(message({ viewportWidth: 50 })).toBe('The width must be at least 200 pixels.');
    expect(message({ name: '  ' })).toBe('Give the profile a name.');
  });
});
