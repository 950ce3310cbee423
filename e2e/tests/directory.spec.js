// The directory of treatment services in a real browser, with JavaScript off: a visitor
// finds the Level II services for adolescents in Lima that offer buprenorphine and are
// free, each with the day it was last confirmed, and sorts Peru's services by distance
// from Arequipa; Peru's directory editor sees a stale record in their list, and the
// service without consent to public listing, which a visitor's browser gets as "not
// found"; the editor's CSV with two bad rows is reported by a dry run, fixed, and imported.
const { test, expect } = require('@playwright/test');

const { base } = require('../lib/session');

async function signInNoScript(page, username) {
  await page.goto(base() + '/signin');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('entrust-demo-2026');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

test('a visitor finds services by facets and distance, with JavaScript off', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(base() + '/directory');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Directory of treatment services');
  await page.getByLabel('Country').selectOption('PE');
  await page.getByRole('button', { name: 'Find services', exact: true }).click();
  // The regions offered are now Peru's.
  await page.getByLabel('Region').selectOption('lima');
  await page.getByLabel('Level of care').selectOption('level2');
  await page.getByLabel('Population served').selectOption('adolescents');
  await page.getByLabel('Medication').selectOption('buprenorphine');
  await page.getByLabel('Payment').selectOption('free');
  await page.getByRole('button', { name: 'Find services', exact: true }).click();
  const results = page.locator('li.service-hit');
  await expect(results.first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'Programa ambulatorio intensivo San Juan de Lurigancho' })).toBeVisible();
  for (const r of await results.all()) {
    await expect(r).toContainText('Level II');
    await expect(r).toContainText('Lima');
    await expect(r).toContainText('Last confirmed');
  }

  // Nearest first from Arequipa.
  await page.goto(base() + '/directory?country=PE');
  await page.getByLabel('Sort by').selectOption('distance');
  await page.getByLabel('Place').selectOption('PE-arequipa');
  await page.getByRole('button', { name: 'Find services', exact: true }).click();
  await expect(results.first()).toContainText('Arequipa');
  await expect(results.first().locator('.distance')).toContainText('km');

  // A service's page, readable as it is.
  await page.goto(base() + '/directory?country=PE&level=level2&region=lima');
  await results.first().getByRole('link').click();
  await expect(page.getByRole('heading', { name: 'History of this record' })).toBeVisible();
  await expect(page.getByText('Sign in to report a correction')).toBeVisible();
  await context.close();
});

test('an editor sees stale and unlisted records, and imports after a dry run', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const editor = await context.newPage();
  await signInNoScript(editor, 'ana.quispe');
  await editor.goto(base() + '/directory/editor');
  await expect(editor.getByRole('heading', { level: 1 })).toHaveText('For directory editors');
  const stale = editor.locator('section', { has: editor.getByRole('heading', { name: /Not confirmed for over a year/ }) });
  await expect(stale.locator('li.service-hit').first()).toBeVisible();
  await expect(stale).toContainText('Comunidad terapéutica San Martín de Porres');
  const unlisted = editor.locator('section', { has: editor.getByRole('heading', { name: /^Not listed publicly/ }) });
  const link = unlisted.locator('li.service-hit a').first();
  const name = await link.innerText();
  const href = await link.getAttribute('href');
  await editor.goto(base() + href);
  await expect(editor.getByRole('heading', { level: 1 })).toHaveText(name);

  // A visitor's browser: not found.
  const visitor = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  const response = await visitor.goto(base() + href);
  expect(response.status()).toBe(404);
  await visitor.goto(base() + '/directory?q=' + encodeURIComponent(name));
  await expect(visitor.getByRole('link', { name })).toHaveCount(0);

  // Two bad rows: the dry run names them; nothing is written.
  const header = 'country,name,operator,level,region,district,latitude,longitude,modalities,payment,beds,verified_on,public_listing';
  const rows = (level, beds) => [
    header,
    'PE,CSMC Tingo María,public,level1,Huánuco,Rupa-Rupa,-9.295,-75.998,outpatient,free,,2026-10-01,yes',
    `PE,Hospital de día Pucallpa,public,${level},Ucayali,Callería,-8.38,-74.55,outpatient;oat,free,,2026-10-01,yes`,
    `PE,Comunidad terapéutica Yarinacocha,ngo,level3,Ucayali,Yarinacocha,-8.35,-74.58,long_residential,sliding_scale,${beds},2026-10-01,yes`,
  ].join('\n');
  const upload = async (text, button) => {
    await editor.goto(base() + '/directory/import');
    await editor.getByLabel('CSV file (UTF-8, at most 1 MB)').setInputFiles({
      name: 'amazonia.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(text, 'utf8'),
    });
    await editor.getByRole('button', { name: button, exact: true }).click();
  };
  await upload(rows('level2b', '-5'), 'Check only (dry run)');
  await expect(editor.getByRole('alert')).toContainText('Nothing was imported');
  const problems = editor.locator('table.problems tbody tr');
  await expect(problems).toHaveCount(2);
  await expect(problems.nth(0).locator('td').nth(0)).toHaveText('3');
  await expect(problems.nth(0).locator('td').nth(1)).toHaveText('level');
  await expect(problems.nth(1).locator('td').nth(0)).toHaveText('4');
  await expect(problems.nth(1).locator('td').nth(1)).toHaveText('beds');
  await expect(problems.nth(1)).toContainText('cannot be negative');

  await upload(rows('level2', '20'), 'Check only (dry run)');
  await expect(editor.locator('.import-report')).toContainText('importing it would add 3 services');
  await editor.goto(base() + '/directory?q=Tingo');
  await expect(editor.getByRole('link', { name: 'CSMC Tingo María' })).toHaveCount(0);

  await upload(rows('level2', '20'), 'Import');
  await expect(editor.locator('.import-report')).toContainText('Imported: 3 services added, 0 changed, 0 unchanged.');
  await expect(async () => {
    await editor.goto(base() + '/directory?q=Tingo');
    await expect(editor.getByRole('link', { name: 'CSMC Tingo María' })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await context.close();
});
