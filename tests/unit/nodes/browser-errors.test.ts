/**
 * How Browser nodes fail: the selector named in plain words, and a picture of the page at that
 * moment in the step's log and the data folder.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import browserClick from '../../../nodes/browser-click';
import browserOpen from '../../../nodes/browser-open';
import browserPress from '../../../nodes/browser-press';
import browserType from '../../../nodes/browser-type';
import { browserRig, type BrowserTestRig } from '../../helpers/browser-ctx';
import { html, startTestSite, type TestSite } from '../../helpers/test-site';
import { fakeCtx } from './fake-ctx';

let rig: BrowserTestRig;
let site: TestSite;

beforeAll(async () => {
  site = await startTestSite({
    // What a proxy that cannot reach the site sends: a 502 without a page.
    '/bad-gateway': (_req, res) => {
      res.writeHead(502);
      res.end();
    },
    '/': html(
      '<h1>Shop</h1><button id="hidden" style="display:none">Buy</button><input id="name">' +
        '<button id="covered">Pay</button><div style="position:fixed;inset:0;background:#fff8">overlay</div>',
    ),
  });
  rig = await browserRig();
});

afterAll(async () => {
  await rig?.close();
  await site?.close();
});

describe('browser node failures', () => {
  it('tells to open a page first when none is open', async () => {
    await expect(rig.run(browserClick, { config: { selector: '#x' } })).rejects.toThrow(
      'No web page is open. Put a "Browser: open page" step before "Test node" in the same run. Pages opened for each item close after their item.',
    );
  });

  it('fails a selector that matches nothing with the selector in the message and a picture of the page', async () => {
    await rig.run(browserOpen, { config: { url: `${site.url}/` } });
    const { ctx, logs } = rig.ctx(browserClick, { config: { selector: '#checkout', waitMs: 400 } });
    const error = await browserClick.execute(ctx).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(
      new RegExp(`^No element on the page matches the selector "#checkout" \\(waited 0.4 s on ${site.url}/\\)\\. Check the selector`),
    );
    expect(error?.message).toMatch(/A picture of the page at that moment is in this step's log and saved as "browser-errors\/.+\.png"/);
    const entry = logs.find((l) => l.level === 'error');
    const data = entry?.data as { screenshot: string; file: string; pageUrl: string };
    expect(data.screenshot).toMatch(/^data:image\/jpeg;base64,.{500,}/);
    expect(data.pageUrl).toBe(`${site.url}/`);
    expect(existsSync(path.join(rig.dataDir, data.file))).toBe(true);
  });

  it('says an element that is there but hidden could not be clicked', async () => {
    await expect(rig.run(browserClick, { config: { selector: '#hidden', waitMs: 300 } })).rejects.toThrow(
      'The element "#hidden" is on the page, but hidden: TaskMaster could not click it within 0.3 s.',
    );
  });

  it('does not call a visible element hidden (it arrived late, or is covered)', async () => {
    const error = await rig.run(browserClick, { config: { selector: '#covered', waitMs: 300 } }).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(
      /^The element "#covered" is on the page and visible, but TaskMaster could not click it within 0.3 s: it probably appeared only after/,
    );
    expect(error?.message).not.toMatch(/hidden/);
  });

  it('takes a wait of 0 ms as "do not wait", not as "wait for ever"', async () => {
    await expect(rig.run(browserClick, { config: { selector: '#never-there', waitMs: 0 } })).rejects.toThrow(
      /^No element on the page matches the selector "#never-there"/,
    );
  });

  it('says in plain words that the server (or the proxy) answered 502, not ERR_HTTP_RESPONSE_CODE_FAILURE', async () => {
    const error = await rig.run(browserOpen, { config: { url: `${site.url}/bad-gateway` } }).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toBe(
      `The page ${site.url}/bad-gateway could not be opened: the server answered 502 (Bad Gateway) with no page. ` +
        'Through a proxy, this is the proxy saying it could not reach the site.',
    );
  });

  it('explains a selector that is not valid', async () => {
    await expect(rig.run(browserType, { config: { selector: 'div[[', text: 'x' } })).rejects.toThrow(
      /^The selector "div\[\[" is not valid/,
    );
  });

  it('explains a key name that does not exist', async () => {
    await expect(rig.run(browserPress, { config: { key: 'Entr' } })).rejects.toThrow('"Entr" is not a key name.');
  });

  it('fails plainly where no browser is available', async () => {
    const { ctx } = fakeCtx(browserOpen, { config: { url: 'https://example.com' } });
    await expect(browserOpen.execute(ctx)).rejects.toThrow('Browser steps cannot run here');
  });

  it('refuses an address that is not a web address', async () => {
    await expect(rig.run(browserOpen, { config: { url: 'example.com' } })).rejects.toThrow('"example.com" is not a full web address.');
  });
});
