// The library and search in a real browser: a signed-out reader finds a Spanish guideline
// with a one-typo Spanish query, opens it and switches to its English version; a private
// thread's text is found by its member and never by a signed-out reader or a non-member.
const { test, expect } = require('@playwright/test');

const { base, signIn } = require('../lib/session');

test('a signed-out reader finds a Spanish guideline despite a typo and reads it in English', async ({ page }) => {
  await page.goto(base() + '/');
  await page.locator('#site-search-q').fill('nivels de atencion');
  await page.locator('#site-search-q').press('Enter');
  await expect(page).toHaveURL(/\/search\?q=nivels/);
  const hit = page.getByRole('link', { name: 'Niveles de atención en un sistema integral de tratamiento' });
  await expect(hit).toBeVisible();
  await expect(page.locator('.result .snippet mark').first()).toBeVisible();
  await hit.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Niveles de atención en un sistema integral de tratamiento');
  await expect(page.getByRole('navigation', { name: 'In other languages' })).toBeVisible();
  // The table of contents links into the text.
  await expect(page.locator('.toc a').first()).toBeVisible();
  await page.getByRole('link', { name: /English: Levels of care/ }).click();
  await expect(page).toHaveURL(/\/library\/en\/levels-of-care$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Levels of care in a comprehensive treatment system');
});

test('the library narrows by facets', async ({ page }) => {
  await page.goto(base() + '/library');
  await page.locator('.facets').getByRole('link', { name: 'Spanish' }).click();
  await expect(page).toHaveURL(/language=es/);
  await expect(page.getByRole('link', { name: 'Niveles de atención en un sistema integral de tratamiento' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Levels of care in a comprehensive treatment system' })).toHaveCount(0);
});

async function searchUntil(page, query, found) {
  for (let i = 0; i < 40; i++) {
    await page.goto(base() + '/search?q=' + encodeURIComponent(query));
    if ((await page.locator('.result').count()) > 0 === found) return;
    await page.waitForTimeout(100);
  }
}

test("a private thread's text stays out of outsiders' searches", async ({ browser }) => {
  const carlos = await (await browser.newContext()).newPage();
  const marlon = await (await browser.newContext()).newPage();
  const anonymous = await (await browser.newContext()).newPage();
  await signIn(carlos, 'carlos.mejia');
  await signIn(marlon, 'marlon.baptiste');

  const word = `reservadisimo${Date.now()}`;
  await carlos.goto(base() + '/spaces/colombia-plan-operativo/threads/new');
  await carlos.getByLabel('Title').fill('Presupuesto confidencial');
  await carlos.getByLabel('Message').fill(`Cifra ${word} para el plan.`);
  await carlos.getByRole('button', { name: 'Post' }).click();
  await expect(carlos.getByRole('heading', { level: 1 })).toHaveText('Presupuesto confidencial');

  // The member finds it within two seconds.
  const started = Date.now();
  await searchUntil(carlos, word, true);
  await expect(carlos.getByRole('link', { name: 'Presupuesto confidencial' })).toBeVisible();
  expect(Date.now() - started).toBeLessThan(2_000);

  for (const outsider of [marlon, anonymous]) {
    await outsider.goto(base() + '/search?q=' + encodeURIComponent(word));
    await expect(outsider.getByRole('heading', { level: 1 })).toHaveText('Search');
    await expect(outsider.locator('.result')).toHaveCount(0);
    await expect(outsider.getByText('Presupuesto confidencial')).toHaveCount(0);
  }
});

test('the header search box suggests results while typing', async ({ page }) => {
  await page.goto(base() + '/');
  await page.locator('#site-search-q').pressSequentially('niveles de aten', { delay: 30 });
  const suggestion = page.locator('#site-search-suggestions').getByRole('link', { name: 'Niveles de atención en un sistema integral de tratamiento' });
  await expect(suggestion).toBeVisible();
  await suggestion.click();
  await expect(page).toHaveURL(/\/library\/es\/levels-of-care$/);
});
