// Weight on the wire, in bytes (never time): what people on slow links download. Pages
// without a live room load no WebAssembly and at most 60 KB of compressed JavaScript and
// WebAssembly together; a thread page (with its live client) is weighed whole — HTML, CSS,
// JavaScript, WebAssembly — and the figures are printed.
const { test, expect } = require('@playwright/test');

const { base, signIn } = require('../lib/session');

const CODE_BUDGET = 60 * 1024;

/** Loads `path` as a first visit (the browser's cache off) and sums the compressed bytes
 * of what it fetched, by kind. */
async function weigh(page, path) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const pending = [];
  const onFinished = (req) => {
    pending.push(
      req.sizes().then((s) => ({ url: req.url(), type: req.resourceType(), bytes: s.responseBodySize })),
    );
  };
  page.on('requestfinished', onFinished);
  await page.goto(base() + path, { waitUntil: 'networkidle' });
  page.off('requestfinished', onFinished);
  const all = await Promise.all(pending);
  const sum = (pick) => all.filter(pick).reduce((n, r) => n + r.bytes, 0);
  const isWasm = (r) => r.url.split('?')[0].endsWith('.wasm');
  const isCode = (r) => isWasm(r) || r.type === 'script' || r.url.split('?')[0].endsWith('.js');
  return {
    code: sum(isCode),
    wasm: all.filter(isWasm).length,
    total: sum(() => true),
    list: all.map((r) => `${r.bytes}\t${r.type}\t${r.url.replace(base(), '')}`).join('\n'),
  };
}

test('pages without a live room stay within 60 KB of code and load no WebAssembly', async ({ page }) => {
  await signIn(page, 'ana.quispe');
  for (const path of ['/', '/library', '/spaces', '/plans', '/search?q=plan', '/account/email']) {
    const w = await weigh(page, path);
    console.log(`${path}: code ${w.code} B, whole page ${w.total} B`);
    expect(w.wasm, `${path} loaded WebAssembly:\n${w.list}`).toBe(0);
    // site.js is counted (a first visit downloads it), and the code stays within budget.
    expect(w.code, `${path}:\n${w.list}`).toBeGreaterThan(0);
    expect(w.code, `${path}:\n${w.list}`).toBeLessThanOrEqual(CODE_BUDGET);
  }
});

test('a thread page is weighed whole, with its live client', async ({ page }) => {
  await signIn(page, 'ana.quispe');
  const w = await weigh(page, '/spaces/peru-treatment-quality/threads/1');
  // The live client comes with the room: its WebAssembly is loaded here, and only here.
  expect(w.wasm, w.list).toBe(1);
  console.log(`thread page: code ${w.code} B, whole first load ${w.total} B\n${w.list}`);
});
