/**
 * The Browser nodes that act on a page, in real Chromium against pages served on 127.0.0.1.
 * One temporary browser serves the whole file, like one run's browser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import browserCheck from '../../../nodes/browser-check';
import browserClick from '../../../nodes/browser-click';
import browserExtract from '../../../nodes/browser-extract';
import browserOpen from '../../../nodes/browser-open';
import browserPress from '../../../nodes/browser-press';
import browserScroll from '../../../nodes/browser-scroll';
import browserSelect from '../../../nodes/browser-select';
import browserSteps from '../../../nodes/browser-steps';
import browserType from '../../../nodes/browser-type';
import browserWait from '../../../nodes/browser-wait';
import { browserRig, type BrowserTestRig } from '../../helpers/browser-ctx';
import { html, startTestSite, type TestSite } from '../../helpers/test-site';

let rig: BrowserTestRig;
let site: TestSite;

const FORM = html(`
  <form action="/sent" method="get">
    <input id="name" name="name">
    <select id="color" name="color"><option value="r">Red</option><option value="g">Green</option></select>
    <label><input type="checkbox" id="news" name="news" value="yes"> News</label>
    <button type="submit">Send</button>
  </form>`);

beforeAll(async () => {
  site = await startTestSite({
    '/': html('<h1>Home</h1><a href="/a">Go to A</a>', 'Home'),
    '/a': html('<h1>Page A</h1><a href="/b">Next</a>', 'A'),
    '/b': html('<h1>Page B</h1><p class="done">You made it</p>', 'B'),
    '/form': FORM,
    '/sent': (req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(html(`<p id="query">${new URL(req.url ?? '/', 'http://x').search}</p>`));
    },
    '/late': html(
      `<div id="box"></div><script>setTimeout(() => { document.getElementById('box').innerHTML = '<b class="late">here</b>'; }, 400);</script>`,
    ),
    '/endless': html(`<ul id="list"></ul><script>
      const list = document.getElementById('list');
      const more = () => { for (let i = 0; i < 30; i++) { const li = document.createElement('li'); li.textContent = 'row ' + list.children.length; li.style.height = '40px'; list.appendChild(li); } };
      more();
      window.addEventListener('scroll', () => { if (innerHeight + scrollY >= document.body.scrollHeight - 5 && list.children.length < 90) more(); });
    </script>`),
  });
  rig = await browserRig();
});

afterAll(async () => {
  await rig?.close();
  await site?.close();
});

const open = (path: string) => rig.run(browserOpen, { config: { url: site.url + path }, inputs: { main: [{ id: 7 }] } });

describe('browser action nodes', () => {
  it('opens a page and passes its items on unchanged', async () => {
    expect(await open('/')).toEqual([{ id: 7 }]);
    expect(rig.browser.current()?.url()).toBe(`${site.url}/`);
  });

  it('follows a path of clicks across pages', async () => {
    await open('/');
    await rig.run(browserClick, { config: { selector: 'text=Go to A' } });
    await rig.run(browserClick, { config: { selector: 'role=link[name="Next"]' } });
    expect(await rig.run(browserExtract, { config: { selector: '.done' } })).toEqual([{ text: 'You made it' }]);
    expect(
      site.requests
        .map((r) => r.path)
        .filter((p) => p !== '/favicon.ico')
        .slice(-3),
    ).toEqual(['/', '/a', '/b']);
  });

  it('fills a form: types, chooses, ticks and presses Enter', async () => {
    await open('/form');
    await rig.run(browserType, { config: { selector: '#name', text: 'Ada Lovelace' } });
    await rig.run(browserSelect, { config: { selector: '#color', option: 'Green' } });
    await rig.run(browserCheck, { config: { selector: '#news' } });
    await rig.run(browserPress, { config: { key: 'Enter', selector: '#name' } });
    await rig.run(browserWait, { config: { selector: '#query' } });
    const [row] = await rig.run(browserExtract, { config: { selector: '#query', fieldName: 'query' } });
    expect(row.query).toBe('?name=Ada+Lovelace&color=g&news=yes');
  });

  it('waits for an element that appears later', async () => {
    await open('/late');
    await rig.run(browserWait, { config: { mode: 'element', selector: '.late', waitMs: 5000 } });
    expect(await rig.run(browserExtract, { config: { selector: '.late' } })).toEqual([{ text: 'here' }]);
  });

  it('scrolls to the bottom until an endless list has loaded more', async () => {
    await open('/endless');
    await rig.run(browserScroll, { config: { mode: 'bottom', times: 3, pauseMs: 150 } });
    const rows = await rig.run(browserExtract, { config: { selector: '#list li', many: true } });
    expect(rows.length).toBe(90);
    expect(rows[89]).toEqual({ text: 'row 89' });
  });

  it('does a list of steps and outputs what it read', async () => {
    await open('/');
    const out = await rig.run(browserSteps, {
      config: {
        steps: [
          { action: 'open', value: `${site.url}/form` },
          { action: 'type', selector: '#name', value: 'Grace' },
          { action: 'check', selector: '#news' },
          { action: 'click', selector: 'text=Send' },
          { action: 'read', selector: '#query', value: 'sent' },
        ],
      },
    });
    expect(out).toEqual([{ sent: '?name=Grace&color=r&news=yes' }]);
  });

  it('names the step that failed in a list of steps', async () => {
    await open('/');
    const steps = [
      { action: 'click', selector: 'text=Go to A' },
      { action: 'click', selector: '#nothing-here' },
    ];
    await expect(rig.run(browserSteps, { config: { steps, waitMs: 1500 } })).rejects.toThrow(
      /^Step 2 \(Click\): No element on the page matches the selector "#nothing-here"/,
    );
  });
});
