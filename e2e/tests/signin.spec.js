// Signing in with a local account in a real browser: a member sees their private space,
// a non-member gets a 404, and signing out ends the session.
const { test, expect } = require('@playwright/test');

const base = () => process.env.E2E_BASE_URL;
const DEMO_PASSWORD = 'entrust-demo-2026';

async function signIn(page, username, password = DEMO_PASSWORD) {
  await page.goto(base() + '/');
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

test('a member signs in, sees the private space, signs out', async ({ page, context }) => {
  await signIn(page, 'carlos.mejia');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByText('Carlos Mejía')).toBeVisible();
  await page.goto(base() + '/spaces');
  await page.getByRole('link', { name: 'Colombia — plan operativo de tratamiento 2026' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Colombia — plan operativo de tratamiento 2026');

  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === 'entrust_session');
  expect(session.httpOnly).toBe(true);
  expect(session.sameSite).toBe('Lax');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  // The old cookie, replayed, no longer opens the private space.
  await context.addCookies([session]);
  const res = await page.goto(base() + '/spaces/colombia-plan-operativo');
  expect(res.status()).toBe(404);
  expect((await page.goto(base() + '/account')).status()).toBe(401);
});

test('a non-member gets a 404 for the private space, not a hint', async ({ page }) => {
  await signIn(page, 'ana.quispe');
  await expect(page.getByText('Ana Quispe')).toBeVisible();
  const res = await page.goto(base() + '/spaces/colombia-plan-operativo');
  expect(res.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText(/Colombia/);
  await page.goto(base() + '/spaces');
  await expect(page.getByRole('link', { name: /Colombia/ })).toHaveCount(0);
  // Calling the server function directly tells nothing more than the page.
  const api = await page.request.post(base() + '/api/spaces/get', {
    form: { slug: 'colombia-plan-operativo' },
    headers: { Origin: base() },
  });
  expect(api.status()).toBe(404);
  // Network spaces are open to every signed-in member.
  await expect(page.getByRole('link', { name: 'Brasil — rede de atenção psicossocial' })).toBeVisible();
});

test('a wrong password is refused with a clear message', async ({ page }) => {
  await signIn(page, 'carlos.mejia', 'not-the-right-password');
  await expect(page).toHaveURL(/\/signin\?error=1/);
  await expect(page.getByRole('alert')).toContainText('The username or password is wrong');
  await expect(page.getByText('Carlos Mejía')).toHaveCount(0);
});
