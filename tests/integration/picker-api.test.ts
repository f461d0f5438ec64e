/**
 * "Pick on page" through the API on a real Postgres and real Chromium: the flow's earlier Browser
 * steps are replayed (so the picked page is the one the step will see), the picked selector is
 * counted on the page, the session belongs to its user and is closed with the dialog.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey } from '../../server/credentials/crypto';
import { fixedKeyStore } from '../../server/credentials/keys';
import { openPickerCount } from '../../server/browser/picker';
import { callerAs } from '../helpers/auth';
import { type Harness, startHarness } from '../helpers/harness';
import { html, startTestSite, type TestSite } from '../helpers/test-site';

let t: Harness;
let ctx: Harness['ctx'];
let site: TestSite;

const BOX = 'position:absolute;left:100px;width:200px;height:60px';

beforeAll(async () => {
  t = await startHarness({ keys: fixedKeyStore(generateKey()) });
  ctx = t.ctx;
  site = await startTestSite({
    '/': html(
      `<form action="/home"><label>Email <input id="email" name="email"></label><button style="${BOX};top:200px">Sign in</button></form>`,
      'Sign in',
    ),
    '/home': html(`<h1>Welcome</h1><button style="${BOX};top:300px">Sign out</button><button>Settings</button>`, 'Home'),
  });
});

afterAll(async () => {
  await site?.close();
  await t?.stop();
});

describe('the element picker', () => {
  it('replays the earlier steps, proposes a selector that matches one element, and closes with the dialog', {
    timeout: 300_000,
  }, async () => {
    const owner = await callerAs(ctx, 'owner');
    const started = await owner.picker.start({
      steps: [
        { type: 'browser-open', config: { url: `${site.url}/` } },
        { type: 'browser-type', config: { selector: '#email', text: 'ada@example.com' } },
        { type: 'browser-click', config: { selector: 'role=button[name="Sign in"]' } },
      ],
    });
    try {
      expect(started.notes).toEqual([]);
      expect(started.url).toBe(`${site.url}/home?email=ada%40example.com`);
      const frame = await owner.picker.frame({ sessionId: started.sessionId });
      expect(frame.image).toMatch(/^data:image\/jpeg;base64,/);
      const picked = await owner.picker.pick({ sessionId: started.sessionId, x: 200, y: 330 });
      expect(picked).toMatchObject({ selector: 'role=button[name="Sign out"]', count: 1, description: 'button “Sign out”' });

      // Another editor can't use this page; a viewer can't open one.
      const editor = await callerAs(ctx, 'editor');
      await expect(editor.picker.pick({ sessionId: started.sessionId, x: 200, y: 330 })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringContaining('This page is closed'),
      });
      const viewer = await callerAs(ctx, 'viewer');
      await expect(viewer.picker.start({ steps: [{ type: 'browser-open', config: { url: `${site.url}/` } }] })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    } finally {
      await owner.picker.close({ sessionId: started.sessionId });
    }
    expect(openPickerCount()).toBe(0);
    await expect(owner.picker.frame({ sessionId: started.sessionId })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('says in plain words when there is no page to open', async () => {
    const owner = await callerAs(ctx, 'owner');
    await expect(owner.picker.start({ steps: [{ type: 'browser-click', config: { selector: '#x' } }] })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('Picking needs a "Browser: open page" step before this one'),
    });
    await expect(owner.picker.start({ steps: [{ type: 'browser-open', config: { url: '{{ $json.address }}' } }] })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('takes its address from earlier data'),
    });
    await expect(owner.picker.start({ steps: [{ type: 'browser-open', config: { url: 'shop' } }] })).rejects.toThrow(
      '"shop" is not a full web address',
    );
  });
});
