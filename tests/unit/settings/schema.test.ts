import { describe, expect, it } from 'vitest';
import { defaultSettings, SETTING_KEYS, SETTING_TEXT, settingsFromRows, settingsPatchSchema } from '../../../core/settings-schema';

describe('settings schema', () => {
  it('has words for every setting', () => {
    for (const key of SETTING_KEYS) {
      expect(SETTING_TEXT[key].label.length).toBeGreaterThan(0);
      expect(SETTING_TEXT[key].help.length).toBeGreaterThan(0);
    }
  });

  it('defaults the per-worker limits to the environment', () => {
    expect(defaultSettings({ workerConcurrency: 4, browsersPerWorker: 1 })).toMatchObject({
      workerConcurrency: 4,
      browsersPerWorker: 1,
      shellEnabled: false,
    });
  });

  it('takes saved rows over defaults, and skips rows it can’t read or does not know', () => {
    const rows = [
      { key: 'defaultRetries', value: 3 },
      { key: 'retentionDays', value: 'thirty' },
      { key: 'someOtherFeature', value: { a: 1 } },
    ];
    const { settings, saved, invalid } = settingsFromRows(rows, defaultSettings());
    expect(settings.defaultRetries).toBe(3);
    expect(settings.retentionDays).toBe(30);
    expect(saved).toEqual(['defaultRetries']);
    expect(invalid).toEqual(['retentionDays']);
  });

  it('refuses bad values with messages that say what to do', () => {
    const result = settingsPatchSchema.safeParse({ defaultRetries: 11, allowedHosts: ['ok.example.com', 'example.com:80'], nonsense: 1 });
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['defaultRetries', 'The number of extra tries must be at most 10.'],
      ['allowedHosts.1', '“example.com:80”: leave out the port. Every port of an allowed host is allowed.'],
      ['', 'Unrecognized key: "nonsense"'],
    ]);
    expect(settingsPatchSchema.parse({ allowedHosts: ['A.example.com', 'a.example.com'] })).toEqual({ allowedHosts: ['a.example.com'] });
  });
});
