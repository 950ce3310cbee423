// The network in a real browser: a staff member opens Peru's page before a call and finds
// its focal point, requests in progress, latest assessment and directory coverage; a
// visitor with JavaScript off reads only the public parts. In the network directory the
// Caribbean cohort is listed as a working group, and Peru's focal point lists herself —
// after which Colombia's focal point finds her by her expertise.
const { test, expect } = require('@playwright/test');

const { base, signIn } = require('../lib/session');

test("Peru's page for staff and for a visitor", async ({ browser }) => {
  const lucia = await (await browser.newContext()).newPage();
  await signIn(lucia, 'ta.lopez');
  await lucia.goto(base() + '/countries');
  await lucia.getByRole('link', { name: 'Peru', exact: true }).click();
  await expect(lucia.getByRole('heading', { level: 1 })).toHaveText('Peru');
  await expect(lucia.locator('#country-focal + ul')).toContainText('Ana Quispe');
  await expect(lucia.locator('h2#country-requests')).toBeVisible();
  await expect(lucia.locator('section[aria-labelledby="country-quality"] a')).toHaveCount(1);
  await expect(lucia.locator('section[aria-labelledby="country-directory"] tfoot')).toContainText('Total');

  const visitor = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await visitor.goto(base() + '/countries/PE');
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('Peru');
  await expect(visitor.getByText('Sign in to see who the focal points are.')).toBeVisible();
  await expect(visitor.locator('h2#country-requests')).toHaveCount(0);
  await expect(visitor.locator('section[aria-labelledby="country-quality"] a')).toHaveCount(0);
  await expect(visitor.locator('section[aria-labelledby="country-spaces"]')).toContainText('Peru — treatment quality working group');
  await expect(visitor.locator('section[aria-labelledby="country-funding"] a')).toContainText('funding mechanisms open to it');
});

test('the network directory: a working group, and a person listed by her own choice', async ({ browser }) => {
  const visitor = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await visitor.goto(base() + '/network');
  await visitor.getByLabel('Country').selectOption('JM');
  await visitor.locator('#main').getByRole('button', { name: 'Search' }).click();
  await expect(visitor.locator('li.group')).toContainText('English-speaking Caribbean — operational plans cohort');
  await expect(visitor.getByText('Sign in to see who is listed.')).toBeVisible();

  const ana = await (await browser.newContext()).newPage();
  await signIn(ana, 'ana.quispe');
  await ana.goto(base() + '/network');
  const mine = ana.locator('#listing form');
  await mine.getByLabel('List me in the network directory').check();
  await mine.getByLabel('Expertise').fill('');
  await mine.getByRole('button', { name: 'Save' }).click();
  await expect(ana.getByRole('alert')).toContainText('Expertise');
  await ana.locator('#listing form').getByLabel('Position').fill('Directora de salud mental');
  await ana.locator('#listing form').getByLabel('Expertise').fill('Calidad de los centros de salud mental comunitarios');
  await ana.locator('#listing form').getByRole('button', { name: 'Save' }).click();
  await expect(ana.getByRole('status')).toHaveText('Saved.');

  const carlos = await (await browser.newContext()).newPage();
  await signIn(carlos, 'carlos.mejia');
  await carlos.goto(base() + '/network');
  await carlos.getByLabel('Words').fill('centros comunitarios');
  await carlos.locator('#main').getByRole('button', { name: 'Search' }).click();
  await expect(carlos.locator('li.person')).toHaveCount(1);
  await expect(carlos.locator('li.person')).toContainText('Ana Quispe');
});
