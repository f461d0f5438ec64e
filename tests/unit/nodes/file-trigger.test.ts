import { describe, expect, it } from 'vitest';
import fileTrigger, { fileTriggerConfig } from '../../../nodes/file-trigger';
import { runNode } from './fake-ctx';

describe('file-trigger', () => {
  it('emits the file event as one item', async () => {
    const payload = {
      event: 'created',
      path: '/data/inbox/a.csv',
      relativePath: 'a.csv',
      size: 12,
      modifiedAt: '2025-01-01T00:00:00.000Z',
    };
    expect(await runNode(fileTrigger, { trigger: { kind: 'file', payload } })).toEqual({ main: [payload] });
  });

  it('watches the whole data folder for added and changed files by default, quiet for 500 ms', () => {
    expect(fileTriggerConfig.parse({})).toEqual({
      folder: '',
      pattern: '**/*',
      onCreated: true,
      onChanged: true,
      onDeleted: false,
      debounceMs: 500,
    });
  });

  it('asks for at least one kind of event', () => {
    const result = fileTriggerConfig.safeParse({ onCreated: false, onChanged: false, onDeleted: false });
    expect(result.error?.issues.map((i) => i.message)).toEqual(['Turn on at least one of: added, changed, deleted.']);
  });
});
