// Signing a demo person in through the real sign-in form, shared by the specs.
const { expect } = require('@playwright/test');

const base = () => process.env.E2E_BASE_URL;

async function signIn(page, username) {
  await page.goto(base() + '/signin');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('entrust-demo-2026');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

module.exports = { base, signIn };
