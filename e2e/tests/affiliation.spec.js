// A person's country is verified, not chosen: in a real browser, a member asks to be
// recognised as working for another country, the request waits for a decision, and an
// administrator declines it with a reason the member then reads. The profile form has no
// country to edit.
const { test, expect } = require('@playwright/test');

const { base, signIn } = require('../lib/session');

test('a country is asked for and decided on, never set on one\'s own profile', async ({ browser }) => {
  const marlon = await (await browser.newContext()).newPage();
  const elena = await (await browser.newContext()).newPage();
  await signIn(marlon, 'marlon.baptiste');
  await signIn(elena, 'elena.vargas');

  await marlon.goto(base() + '/account/profile');
  await expect(marlon.locator('#affiliation')).toContainText('Your country: Trinidad and Tobago');
  await expect(marlon.locator('form[action="/account/profile"] select[name="country"]')).toHaveCount(0);

  await marlon.getByLabel('Ask to be recognised as working for').selectOption('JM');
  await marlon.getByLabel(/Who can confirm it/).fill('Seconded to the Ministry of Health and Wellness');
  await marlon.getByRole('button', { name: 'Ask', exact: true }).click();
  await expect(marlon.getByRole('status').first()).toContainText('Your request was sent.');
  await expect(marlon.locator('#affiliation')).toContainText('to be recognised as working for Jamaica');
  // Asking changes nothing yet.
  await expect(marlon.locator('#affiliation')).toContainText('Your country: Trinidad and Tobago');

  await elena.goto(base() + '/account');
  await elena.getByRole('link', { name: 'Country affiliation requests' }).click();
  const card = elena.locator('li.card', { hasText: 'Marlon Baptiste' });
  await expect(card).toContainText('Jamaica');
  await expect(card).toContainText('Seconded to the Ministry of Health and Wellness');
  await card.getByLabel(/Reason/).fill('Please ask your ministry to confirm by email first.');
  await card.getByRole('button', { name: 'Decline' }).click();
  await expect(elena.getByRole('status')).toContainText('The request was declined.');
  await expect(elena.locator('table.data')).toContainText('Marlon Baptiste');

  await marlon.reload();
  await expect(marlon.locator('#affiliation')).toContainText('Your request for Jamaica was declined');
  await expect(marlon.locator('#affiliation')).toContainText('Please ask your ministry to confirm by email first.');
  await expect(marlon.locator('#affiliation')).toContainText('Your country: Trinidad and Tobago');
});
