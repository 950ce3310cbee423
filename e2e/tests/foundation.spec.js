// The platform's frame in a real browser: server rendering without JavaScript, islands
// hydrating with it, the language switch, security headers, not-found pages.
const { test, expect } = require('@playwright/test');

const base = () => process.env.E2E_BASE_URL;

test.describe('with JavaScript disabled', () => {
  test.use({ javaScriptEnabled: false });

  test('the home page is complete and the menu is open on a phone', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    const res = await page.goto(base() + '/');
    expect(res.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Building drug-treatment capacity together');
    await expect(page.getByRole('link', { name: 'Peru — treatment quality working group' })).toBeVisible();
    // The latest library documents (imported from content/ at start-up).
    await expect(page.locator('section[aria-labelledby="home-library"] .card').first()).toBeVisible();
    // No JavaScript: the navigation must stay reachable, the menu button stays hidden.
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Spaces' })).toBeVisible();
    await expect(page.locator('.menu-toggle')).toBeHidden();
    await page.getByRole('link', { name: 'Spaces' }).first().click();
    await expect(page).toHaveURL(/\/spaces$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Spaces');
  });

  test('search works as a plain form', async ({ page }) => {
    await page.goto(base() + '/');
    await page.getByRole('searchbox', { name: 'Search' }).fill('caribbean');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/\/search\?q=caribbean/);
    await expect(page.getByRole('link', { name: 'Caribbean treatment standards network' })).toBeVisible();
  });

  test('the language switch works without JavaScript and is remembered', async ({ page }) => {
    await page.goto(base() + '/spaces');
    await page.getByRole('button', { name: 'Español' }).click();
    await expect(page).toHaveURL(/\/spaces$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Espacios');
    await page.goto(base() + '/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Fortalecer juntos la capacidad de tratamiento');
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  });
});

test.describe('with JavaScript', () => {
  test('islands hydrate without console errors and the phone menu folds', async ({ page }) => {
    const problems = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`${msg.type()}: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    page.on('requestfailed', (req) => problems.push(`requestfailed: ${req.url()}`));
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(base() + '/');
    // Only a hydrated island shows the button and folds the menu.
    const toggle = page.getByRole('button', { name: 'Menu' });
    await expect(toggle).toBeVisible();
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    const spaces = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Spaces' });
    await expect(spaces).toBeHidden();
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await expect(spaces).toBeVisible();
    await toggle.click();
    await expect(spaces).toBeHidden();
    expect(problems).toEqual([]);
  });

  test('on a wide screen the navigation is always shown', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(base() + '/');
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' })).toBeVisible();
    await expect(page.locator('.menu-toggle')).toBeHidden();
  });
});

test('every page carries the security headers', async ({ page }) => {
  for (const path of ['/', '/spaces', '/library', '/requests', '/search?q=peru', '/nope']) {
    const res = await page.goto(base() + path);
    const h = res.headers();
    expect(h['content-security-policy'], path).toContain("frame-ancestors 'none'");
    expect(h['content-security-policy'], path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9_-]{22,}'/);
    expect(h['x-content-type-options'], path).toBe('nosniff');
    expect(h['referrer-policy'], path).toBe('same-origin');
  }
});

test('unknown pages and hidden spaces are 404s', async ({ page }) => {
  let res = await page.goto(base() + '/no/such/page');
  expect(res.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  res = await page.goto(base() + '/spaces/colombia-plan-operativo');
  expect(res.status()).toBe(404);
  await expect(page.getByText('Colombia — plan operativo')).toHaveCount(0);
});

test('health checks answer', async ({ request }) => {
  expect((await request.get(base() + '/healthz')).status()).toBe(200);
  const ready = await request.get(base() + '/readyz');
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toEqual({ status: 'ready' });
});
