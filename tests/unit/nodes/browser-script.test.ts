/** The Browser script node: a sandboxed script that reaches the page only through host functions. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import browserOpen from '../../../nodes/browser-open';
import browserScript from '../../../nodes/browser-script';
import { browserRig, type BrowserTestRig } from '../../helpers/browser-ctx';
import { html, startTestSite, type TestSite } from '../../helpers/test-site';

let rig: BrowserTestRig;
let site: TestSite;

beforeAll(async () => {
  site = await startTestSite({
    '/': html('<h1>Catalogue</h1><ul><li><a href="/p/1">One</a></li><li><a href="/p/2">Two</a></li></ul><input id="q">'),
    '/p/1': html('<h1>Product one</h1>'),
  });
  rig = await browserRig();
  await rig.run(browserOpen, { config: { url: `${site.url}/` } });
});

afterAll(async () => {
  await rig?.close();
  await site?.close();
});

const script = (code: string, config: Record<string, unknown> = {}) =>
  rig.run(browserScript, { config: { code, ...config }, inputs: { main: [{ n: 1 }] } });

describe('browser-script', () => {
  it('reads, fills, clicks and returns items', async () => {
    const out = await script(`
      await goto(${JSON.stringify(`${site.url}/`)});
      const names = await textAll('li a');
      const links = [];
      for (const name of names) links.push(await attr('text=' + name, 'href'));
      await fill('#q', 'lamp');
      await click('text=One');
      await waitFor('h1');
      return names.map((name, i) => ({ name, link: links[i], after: null }))
        .concat([{ name: 'page', link: null, after: await text('h1') }]);`);
    expect(out).toEqual([
      { name: 'One', link: '/p/1', after: null },
      { name: 'Two', link: '/p/2', after: null },
      { name: 'page', link: null, after: 'Product one' },
    ]);
  });

  it('passes its items on when the script returns nothing', async () => {
    expect(await script('await waitFor(10);')).toEqual([{ n: 1 }]);
  });

  it('does not expose evaluate or the page object', async () => {
    expect(await script('return { kinds: [typeof evaluate, typeof page, typeof require, typeof goto] };')).toEqual([
      { kinds: ['undefined', 'undefined', 'undefined', 'function'] },
    ]);
  });

  it('stops a script at its time limit', async () => {
    await expect(script('await waitFor(5000);', { timeoutMs: 300 })).rejects.toThrow('ran longer than its time limit of 0.3 s');
  });

  it('fails with the selector and the line when an element is missing', async () => {
    await expect(script("const a = 1;\nawait click('#missing');", { waitMs: 300 })).rejects.toThrow(
      /The code failed on line 2: No element on the page matches the selector "#missing"/,
    );
  });

  it('returns a screenshot preview', async () => {
    const [out] = await script('return await screenshot();');
    expect(String(out.screenshot)).toMatch(/^data:image\/jpeg;base64,/);
  });
});
