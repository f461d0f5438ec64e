import { describe, expect, it } from 'vitest';
import { initialChoices } from '../../../app/templates/lib/credential-choices';

const asked = [{ key: 'postgres:Database', type: 'postgres', name: 'Database' }];

describe('the credential "Use this template" offers first', () => {
  it('is the saved one of the same type and name', () => {
    const saved = [
      { id: 'c1', name: 'Shop', type: 'postgres' },
      { id: 'c2', name: 'database', type: 'postgres' },
    ];
    expect(initialChoices(asked, saved)).toEqual({ 'postgres:Database': 'c2' });
  });

  it('is the only saved one of that type, whatever its name', () => {
    const saved = [
      { id: 'c1', name: 'Shop', type: 'postgres' },
      { id: 'c3', name: 'Database', type: 'smtp' },
    ];
    expect(initialChoices(asked, saved)).toEqual({ 'postgres:Database': 'c1' });
  });

  it('is none when several could be meant, or none is saved', () => {
    const two = [
      { id: 'c1', name: 'Shop', type: 'postgres' },
      { id: 'c2', name: 'Stock', type: 'postgres' },
    ];
    expect(initialChoices(asked, two)).toEqual({ 'postgres:Database': '' });
    expect(initialChoices(asked, [])).toEqual({ 'postgres:Database': '' });
  });
});
