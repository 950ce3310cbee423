// A space owner manages members in a real browser: adds someone by username, who then
// sees the private space; an admin makes an invitation link that opens sign-up.
const { test, expect } = require('@playwright/test');

const { base, signIn } = require('../lib/session');

test('an owner adds a member, who then sees the private space', async ({ browser }) => {
  const owner = await (await browser.newContext()).newPage();
  const member = await (await browser.newContext()).newPage();
  await signIn(member, 'marlon.baptiste');
  expect((await member.goto(base() + '/spaces/colombia-plan-operativo')).status()).toBe(404);

  await signIn(owner, 'carlos.mejia');
  await owner.goto(base() + '/spaces/colombia-plan-operativo');
  await owner.getByLabel('Username or email').fill('nobody.like.this');
  await owner.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(owner.getByRole('alert')).toContainText('No account has that username or email');
  await owner.getByLabel('Username or email').fill('marlon.baptiste');
  await owner.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(owner.getByRole('status')).toContainText('The member was added.');
  await expect(owner.getByText('@marlon.baptiste')).toBeVisible();

  expect((await member.goto(base() + '/spaces/colombia-plan-operativo')).status()).toBe(200);
  await expect(member.getByRole('heading', { level: 1 })).toHaveText('Colombia — plan operativo de tratamiento 2026');
  await member.getByRole('button', { name: 'Leave this space' }).click();
  await expect(member).toHaveURL(base() + '/spaces');
  expect((await member.goto(base() + '/spaces/colombia-plan-operativo')).status()).toBe(404);
});

test('an admin invites someone with a link that opens sign-up once', async ({ browser }) => {
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, 'elena.vargas');
  await admin.goto(base() + '/account');
  await admin.getByRole('link', { name: 'People and roles' }).click();
  await admin.getByLabel('Platform role').last().selectOption('ta_staff');
  await admin.getByLabel('Who is it for? (a note for the list, optional)').fill('Dra. Rojas');
  await admin.getByRole('button', { name: 'Make an invitation link' }).click();
  const link = await admin.getByLabel('Invitation link').inputValue();
  expect(link).toContain('/signup?invite=');

  const guest = await (await browser.newContext()).newPage();
  expect((await guest.goto(base() + '/signup')).status()).toBe(404);
  await guest.goto(link);
  await expect(guest.getByText('You have been invited')).toBeVisible();
  await guest.getByLabel('Username').fill('dra.rojas');
  await guest.getByLabel('Your name').fill('Dra. Rojas');
  await guest.getByLabel('Password', { exact: true }).fill('a-long-password-2026');
  await guest.getByLabel('New password again').fill('a-long-password-2026');
  await guest.getByRole('button', { name: 'Create the account' }).click();
  await expect(guest.getByText('Dra. Rojas')).toBeVisible();
  // The link is spent.
  await guest.context().clearCookies();
  expect((await guest.goto(link)).status()).toBe(404);
});
