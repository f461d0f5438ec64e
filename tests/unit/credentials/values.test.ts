import { describe, expect, it } from 'vitest';
import httpBasic from '../../../nodes/credentials/http-basic';
import { checkValues, mergeValues, redact, secretsSet } from '../../../server/credentials/values';

describe('credential values between browser and store', () => {
  it('shows secrets only as set or not set', () => {
    expect(redact(httpBasic, { user: 'ada', password: 'pw-123' })).toEqual({ user: 'ada', password: { set: true } });
    expect(redact(httpBasic, { user: 'ada', password: '' })).toEqual({ user: 'ada', password: { set: false } });
    expect(secretsSet(httpBasic, { user: 'ada', password: 'pw-123' })).toEqual(['password']);
  });

  it('keeps a saved secret left empty or sent back as its marker, replaces it when typed, clears it when asked', () => {
    const saved = { user: 'ada', password: 'old-pw' };
    expect(mergeValues(httpBasic, saved, { user: 'grace' })).toEqual({ user: 'grace', password: 'old-pw' });
    expect(mergeValues(httpBasic, saved, { user: 'ada', password: '' })).toEqual(saved);
    expect(mergeValues(httpBasic, saved, { user: 'ada', password: { set: true } })).toEqual(saved);
    expect(mergeValues(httpBasic, saved, { user: 'ada', password: 'new-pw' })).toEqual({ user: 'ada', password: 'new-pw' });
    expect(mergeValues(httpBasic, saved, { user: 'ada' }, ['password'])).toEqual({ user: 'ada' });
  });

  it('checks values with the type schema and names the field of each problem', () => {
    expect(checkValues(httpBasic, { user: ' ada ', extra: 1 })).toEqual({ ok: true, values: { user: 'ada', password: '' } });
    expect(checkValues(httpBasic, { user: '' })).toEqual({ ok: false, problems: [{ field: 'user', message: 'Enter the user name.' }] });
  });
});
