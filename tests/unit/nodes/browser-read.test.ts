/**
 * The Browser nodes that read from a page or save what it gives: tables, values, pictures,
 * downloads and cookies, in real Chromium against pages served on 127.0.0.1.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import browserCookies from '../../../nodes/browser-cookies';
import browserDownload from '../../../nodes/browser-download';
import browserExtract from '../../../nodes/browser-extract';
import browserOpen from '../../../nodes/browser-open';
import browserScreenshot from '../../../nodes/browser-screenshot';
import browserTable from '../../../nodes/browser-table';
import { columnNames } from '../../../nodes/lib/browser-tables';
import { browserRig, type BrowserTestRig } from '../../helpers/browser-ctx';
import { html, startTestSite, type TestSite } from '../../helpers/test-site';

let rig: BrowserTestRig;
let site: TestSite;

const PRICES = html(`
  <table id="prices">
    <thead><tr><th>Product</th><th>Price</th><th></th><th>Price</th></tr></thead>
    <tbody>
      <tr><td>Apple</td><td>1.20</td><td>fresh</td><td>EUR</td></tr>
      <tr><td>Pear <i>(ripe)</i></td><td>0.80</td><td></td><td>EUR</td></tr>
      <tr><td></td><td></td><td></td><td></td></tr>
      <tr><td>Plum</td><td>2</td></tr>
    </tbody>
  </table>
  <table id="plain"><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>
  <div class="card"><h2>Lamp</h2><a href="/lamp">more</a><span class="price">30</span></div>
  <div class="card"><h2>Desk</h2><a href="/desk">more</a></div>`);

beforeAll(async () => {
  site = await startTestSite({
    '/prices': PRICES,
    '/files': html('<a id="get" href="/report.csv">Get the report</a><a id="none" href="#">Nothing</a>'),
    '/report.csv': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/csv', 'content-disposition': 'attachment; filename="report.csv"' });
      res.end('a,b\n1,2\n');
    },
    '/private.txt': (req, res) => {
      const ok = (req.headers.cookie ?? '').includes('session=s3cret');
      res.writeHead(ok ? 200 : 403, { 'content-type': 'text/plain' });
      res.end(ok ? 'for members' : 'no');
    },
  });
  rig = await browserRig();
});

afterAll(async () => {
  await rig?.close();
  await site?.close();
});

const open = (p: string) => rig.run(browserOpen, { config: { url: site.url + p } });

describe('browser-table', () => {
  it('turns an HTML table into exact rows named by its header, leaving out empty rows', async () => {
    await open('/prices');
    expect(await rig.run(browserTable, { config: { selector: '#prices' } })).toEqual([
      { Product: 'Apple', Price: '1.20', 'Column 3': 'fresh', 'Price 2': 'EUR' },
      { Product: 'Pear (ripe)', Price: '0.80', 'Column 3': '', 'Price 2': 'EUR' },
      { Product: 'Plum', Price: '2', 'Column 3': '', 'Price 2': '' },
    ]);
  });

  it('names the columns of a table without a header row Column 1, Column 2…', async () => {
    expect(await rig.run(browserTable, { config: { selector: '#plain' } })).toEqual([
      { 'Column 1': 'a', 'Column 2': 'b' },
      { 'Column 1': 'c', 'Column 2': 'd' },
    ]);
  });

  it('reads repeated elements with a named selector per column', async () => {
    const columns = [
      { name: 'name', selector: 'h2' },
      { name: 'link', selector: 'a', attribute: 'href' },
      { name: 'price', selector: '.price' },
    ];
    expect(await rig.run(browserTable, { config: { mode: 'pattern', rowSelector: '.card', columns } })).toEqual([
      { name: 'Lamp', link: '/lamp', price: '30' },
      { name: 'Desk', link: '/desk', price: null },
    ]);
  });

  it('says so when the selector points at something that is not a table', async () => {
    await expect(rig.run(browserTable, { config: { selector: '.card' } })).rejects.toThrow('is a <div>, not a table');
  });

  it('makes unique column names', () => {
    expect(columnNames(['A', '', 'A', ' A '], 5)).toEqual(['A', 'Column 2', 'A 2', 'A 3', 'Column 5']);
  });
});

describe('browser-extract', () => {
  it('reads an attribute of every matching element, one item each', async () => {
    expect(
      await rig.run(browserExtract, {
        config: { selector: '.card a', what: 'attribute', attribute: 'href', many: true, fieldName: 'url' },
      }),
    ).toEqual([{ url: '/lamp' }, { url: '/desk' }]);
  });
});

describe('browser-screenshot', () => {
  it('saves the page as a PNG in the data folder and outputs a small preview', async () => {
    const [out] = await rig.run(browserScreenshot, { config: { fileName: 'shots/prices.png' } });
    expect(out).toMatchObject({ file: path.join('shots', 'prices.png'), width: 1280, height: 720 });
    expect(String(out.screenshot)).toMatch(/^data:image\/jpeg;base64,/);
    expect(String(out.screenshot).length).toBeLessThan(60_000);
    const bytes = await readFile(path.join(rig.dataDir, 'shots', 'prices.png'));
    expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  });

  it('photographs one element', async () => {
    const [out] = await rig.run(browserScreenshot, { config: { what: 'element', selector: '#plain' } });
    expect(String(out.file)).toMatch(/^screenshots\/.+\.png$/);
    expect(Number(out.width)).toBeLessThan(200);
  });
});

describe('browser-download', () => {
  it('saves the file a click downloads', async () => {
    await open('/files');
    const [out] = await rig.run(browserDownload, { config: { selector: '#get' } });
    expect(out).toMatchObject({ file: path.join('downloads', 'report.csv'), name: 'report.csv', size: 8 });
    expect(await readFile(path.join(rig.dataDir, 'downloads', 'report.csv'), 'utf8')).toBe('a,b\n1,2\n');
  });

  it('fails with the selector named when the click starts no download', async () => {
    await expect(rig.run(browserDownload, { config: { selector: '#none', waitMs: 1500 } })).rejects.toThrow(
      'Could not start a download with "#none": no download started within 1.5 s of the click',
    );
  });

  it("downloads from an address with the browser's cookies", async () => {
    await rig.run(browserCookies, { config: { action: 'set', cookies: [{ name: 'session', value: 's3cret' }] } });
    const [out] = await rig.run(browserDownload, { config: { mode: 'url', url: `${site.url}/private.txt`, fileName: 'members.txt' } });
    expect(out).toMatchObject({ name: 'members.txt', size: 11 });
    expect((await stat(path.join(rig.dataDir, 'downloads', 'members.txt'))).size).toBe(11);
  });
});

describe('browser-cookies', () => {
  it('adds, reads and deletes cookies of the open page', async () => {
    await open('/files');
    await rig.run(browserCookies, { config: { action: 'set', cookies: '[{"name":"consent","value":"yes"}]' } });
    const read = await rig.run(browserCookies, { config: { action: 'get' } });
    expect(read.map((c) => `${c.name}=${c.value}`).sort()).toEqual(['consent=yes', 'session=s3cret']);
    await rig.run(browserCookies, { config: { action: 'clear', name: 'consent' } });
    expect((await rig.run(browserCookies, { config: { action: 'get' } })).map((c) => c.name)).toEqual(['session']);
  });
});
