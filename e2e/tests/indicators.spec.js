// Indicators in a real browser: staff define an indicator; Colombia's focal point imports
// a CSV with one bad row, reads the report (nothing written), fixes the row and imports
// again; the export of that view imports back unchanged; with JavaScript off, Colombia's
// 90-day retention series shows against its target, and the availability heat map and
// the cross-country chart render, each with its table.
const { test, expect } = require('@playwright/test');

const { base, signIn } = require('../lib/session');

const HEADER = 'country,indicator,period,disaggregation,value,numerator,denominator,unit,source,status';

async function importCsv(page, name, text) {
  await page.goto(base() + '/indicators/import');
  await page.getByLabel('CSV file (UTF-8, at most 1 MB)').setInputFiles({
    name,
    mimeType: 'text/csv',
    buffer: Buffer.from(text, 'utf8'),
  });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
}

test('staff define an indicator; a focal point imports, fixes a bad row, and the export round-trips', async ({ browser }) => {
  const lucia = await (await browser.newContext()).newPage();
  const carlos = await (await browser.newContext()).newPage();
  await signIn(lucia, 'ta.lopez');
  await signIn(carlos, 'carlos.mejia');

  const code = `WF-${Date.now() % 100000}`;
  await lucia.goto(base() + '/indicators');
  await lucia.locator('details.add', { hasText: 'Define an indicator' }).locator('summary').click();
  await lucia.getByLabel('Code').fill(code);
  await lucia.getByLabel('Category').selectOption('workforce');
  await lucia.getByLabel('Unit').selectOption('count');
  await lucia.getByLabel('Frequency').selectOption('annual');
  await lucia.getByLabel('Sex').check();
  await lucia.locator('#def-name_en').fill('Health workers trained in treatment');
  await lucia.locator('#def-name_es').fill('Personal de salud formado en tratamiento');
  await lucia.getByRole('button', { name: 'Save the definition' }).click();
  await expect(lucia.getByRole('status')).toHaveText('The indicator is defined.');
  await expect(lucia.getByRole('heading', { level: 1 })).toContainText('Health workers trained in treatment');

  // One bad row (a quarter for an annual indicator): nothing written, the report names it.
  const bad = [HEADER, `CO,${code},2024,,120,,,count,Registros,`, `CO,${code},2025-Q1,,140,,,count,Registros,`].join('\n');
  await importCsv(carlos, 'formados.csv', bad);
  await expect(carlos.getByRole('alert')).toContainText('Nothing was imported');
  const problem = carlos.locator('table.problems tbody tr');
  await expect(problem).toHaveCount(1);
  await expect(problem.locator('td').nth(0)).toHaveText('3');
  await expect(problem.locator('td').nth(1)).toHaveText('period');
  await carlos.goto(base() + `/indicators/${code}/CO`);
  await expect(carlos.getByText('No values reported yet.')).toBeVisible();

  const good = [HEADER, `CO,${code},2024,,120,,,count,Registros,`, `CO,${code},2025,,140,,,count,Registros,`].join('\n');
  await importCsv(carlos, 'formados.csv', good);
  await expect(carlos.getByRole('status')).toContainText('The file is imported');
  await expect(carlos.locator('.import-report')).toContainText('2 added, 0 corrected, 0 unchanged');

  // The export of this view imports back unchanged.
  const exported = await carlos.request.get(base() + `/indicators/values.csv?indicator=${code}&country=CO`);
  expect(exported.status()).toBe(200);
  const text = await exported.text();
  expect(text).toContain(`CO,${code},2025,,140,,,count,Registros,provisional`);
  await importCsv(carlos, 'export.csv', text);
  await expect(carlos.locator('.import-report')).toContainText('0 added, 0 corrected, 2 unchanged');
  const again = await carlos.request.get(base() + `/indicators/values.csv?indicator=${code}&country=CO`);
  expect(await again.text()).toBe(text);

  // The country's page shows both values with their provenance.
  await carlos.goto(base() + `/indicators/${code}/CO`);
  await expect(carlos.locator('table.values tbody tr')).toHaveCount(2);
  await expect(carlos.locator('table.values')).toContainText('Imported');
});

test('charts render on the server, with JavaScript off', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(base() + '/signin');
  await page.getByLabel('Username').fill('carlos.mejia');
  await page.getByLabel('Password').fill('entrust-demo-2026');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();

  // Colombia's 90-day retention against its baseline and target (demo goal 55 by 2027).
  await page.goto(base() + '/indicators/RET-90/CO');
  const series = page.locator('figure.chart').first();
  await expect(series.locator('svg polyline.chart-line')).toHaveCount(1);
  await expect(series.locator('svg line.chart-target')).toHaveCount(1);
  await expect(series.locator('table.chart-data')).toContainText('2027');
  await expect(series.locator('table.chart-data')).toContainText('55 %');

  // The region's availability as a heat map, with its table in words.
  await page.goto(base() + '/indicators/availability');
  expect(await page.locator('.heat-map svg rect.heat').count()).toBeGreaterThan(100);
  await expect(page.locator('table.availability')).toContainText('Colombia');

  // One indicator across countries for a period.
  await page.goto(base() + '/indicators/COV?period=2024');
  const across = page.locator('figure.chart');
  expect(await across.locator('svg rect.chart-bar').count()).toBeGreaterThanOrEqual(5);
  await expect(across.locator('table.chart-data')).toContainText('Jamaica');
});
