// Signing in through an OpenID Connect provider (npm's oidc-provider, started by
// global-setup.js) in a real browser: the first sign-in creates the account from the
// provider's claims, the next one finds the same account, and a replayed callback fails.
const { test, expect } = require('@playwright/test');

const base = () => process.env.E2E_BASE_URL;

/// Goes through the provider's development sign-in and consent pages.
async function signInAtProvider(page, username) {
  await page.goto(base() + '/signin');
  await page.getByRole('button', { name: 'Sign in with Test identity provider' }).click();
  await expect(page).toHaveURL(new RegExp('^' + process.env.E2E_IDP_URL));
  await page.locator('input[name="login"]').fill(username);
  await page.locator('input[name="password"]').fill('any-password');
  await page.locator('button[type="submit"]').click();
  // Consent, the first time this account meets this client.
  const consent = page.locator('button[type="submit"]', { hasText: /continue/i });
  if (await consent.count()) {
    await consent.click();
  }
}

test('sign in through the identity provider, then again as the same person', async ({ page, context }) => {
  await signInAtProvider(page, 'lucia.fernandez');
  await expect(page).toHaveURL(base() + '/');
  await expect(page.getByText('Lucía Fernández')).toBeVisible();
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === 'entrust_session');
  expect(session.httpOnly).toBe(true);
  expect(session.sameSite).toBe('Lax');
  // The attempt cookie is gone once the attempt is finished.
  expect(cookies.find((c) => c.name === 'entrust_oidc' && c.value)).toBeUndefined();

  // Signed-in members see network spaces; not private ones they do not belong to.
  await page.goto(base() + '/spaces');
  await expect(page.getByRole('link', { name: 'Brasil — rede de atenção psicossocial' })).toBeVisible();
  await expect(page.getByRole('link', { name: /Colombia/ })).toHaveCount(0);
  // Something only this account has: a request to join the Brazilian network space.
  await page.goto(base() + '/spaces/brasil-rede-de-atencao');
  await page.getByLabel('A short note for the owners (optional)').fill('Argentina focal point');
  await page.getByRole('button', { name: 'Ask to join' }).click();
  await expect(page.getByRole('status')).toContainText('Your request was sent');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  // The old session cookie, replayed, is refused.
  await context.addCookies([session]);
  const res = await page.goto(base() + '/account');
  expect(res.status()).toBe(401);

  // Signing in again reaches the same account (matched on issuer + subject).
  await context.clearCookies();
  await signInAtProvider(page, 'lucia.fernandez');
  await expect(page.getByText('Lucía Fernández')).toBeVisible();
  await page.goto(base() + '/spaces/brasil-rede-de-atencao');
  await expect(page.getByText('Your request to join is waiting for an owner.')).toBeVisible();
});

test('a replayed callback is refused with a clear message', async ({ page }) => {
  let callbackUrl;
  page.on('request', (req) => {
    if (req.url().includes('/auth/oidc/test/callback')) callbackUrl = req.url();
  });
  await signInAtProvider(page, 'joao.silva');
  await expect(page.getByText('João Silva')).toBeVisible();
  expect(callbackUrl).toBeTruthy();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.goto(callbackUrl);
  await expect(page).toHaveURL(/\/signin\?error=oidc_state/);
  await expect(page.getByRole('alert')).toContainText('expired or was already used');
  await expect(page.getByText('João Silva')).toHaveCount(0);
});
