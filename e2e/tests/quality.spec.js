// Quality assessment in a real browser: staff copy the four-area template into a new
// version; Peru's focal point starts a campaign over three community centres and names a
// director; the director fills and submits the self-assessment; the assessor verifies it
// with two disagreements; the lead closes it; the campaign's area chart renders with
// JavaScript off; an improvement plan is made from two unmet criteria, approved, and its
// first check-in is scheduled.
const { test, expect } = require('@playwright/test');

const { base, signIn } = require('../lib/session');

test('from a copied template to an improvement plan', async ({ browser }) => {
  test.setTimeout(120_000);
  const as = async (username) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, username);
    return page;
  };
  const lucia = await as('ta.lopez');
  const ana = await as('ana.quispe');
  const rosa = await as('rosa.huaman');

  // Staff copy the Peru template into a new version.
  await lucia.goto(base() + '/quality');
  const peru = lucia.locator('li.instrument', { hasText: 'four areas (Peru study)' });
  await peru.getByRole('link', { name: 'version 1' }).click();
  await expect(lucia.locator('.qa-area')).toHaveCount(4);
  await lucia.getByLabel('What the new version changes').fill('Review for the 2027 round');
  await lucia.getByRole('button', { name: 'Copy into a new version' }).click();
  await expect(lucia.getByRole('status')).toHaveText('Copied into a new version.');
  await expect(lucia.getByRole('heading', { level: 1 })).toContainText('version 2');
  await expect(lucia.locator('.qa-criterion')).toHaveCount(16);

  // The focal point starts a campaign over three centres on version 2.
  await ana.goto(base() + '/quality');
  await ana.getByText('Start a campaign', { exact: true }).click();
  const form = ana.locator('#new-campaign form');
  await form.getByLabel('Country').selectOption('PE');
  await form.getByLabel('Instrument version').selectOption({ label: 'Community mental health centres: four areas (Peru study) · v2' });
  await form.getByLabel('Title').fill('Seguimiento 2026 en Lima');
  await form.getByLabel('Starts on').fill('2026-11-01');
  await form.getByLabel('Ends on').fill('2026-12-31');
  await form.getByLabel('Lead (username)').fill('ana.quispe');
  await form.getByLabel('Assessors (usernames, separated by commas)').fill('ta.lopez');
  for (const district of ['Ate', 'Carabayllo', 'Chorrillos']) {
    await form.getByLabel('Centro de salud mental comunitario ' + district, { exact: false }).check();
  }
  await form.getByRole('button', { name: 'Start the campaign' }).click();
  await expect(ana.getByRole('heading', { level: 1 })).toHaveText('Seguimiento 2026 en Lima');
  await expect(ana.locator('#services tbody tr')).toHaveCount(3);
  const ate = ana.locator('#services tbody tr', { hasText: 'comunitario Ate' });
  await ate.getByLabel('Respondent').fill('rosa.huaman');
  await ate.getByRole('button', { name: 'Save' }).click();
  await expect(ana.getByRole('status')).toHaveText('Saved.');

  // The director fills the self-assessment: everything met, by her account.
  await rosa.goto(base() + '/quality');
  await rosa.locator('ul.tasks').getByRole('link', { name: 'Centro de salud mental comunitario Ate' }).click();
  const own = rosa.locator('select[name^="level_"]');
  await expect(own).toHaveCount(16);
  for (const select of await own.all()) await select.selectOption('met');
  await rosa.getByRole('button', { name: 'Submit the self-assessment' }).click();
  await expect(rosa.getByRole('status')).toContainText('Self-assessment submitted');
  await expect(rosa.locator('select[name^="level_"]')).toHaveCount(0);
  const assessment = rosa.url().split('?')[0];

  // The assessor verifies on site: two criteria not met.
  await lucia.goto(assessment);
  const verified = lucia.locator('select[name^="verified_"]');
  await expect(verified).toHaveCount(16);
  let i = 0;
  for (const select of await verified.all()) await select.selectOption(i++ < 2 ? 'not_met' : 'met');
  await lucia.getByRole('button', { name: 'Finish the verification' }).click();
  await expect(lucia.getByRole('status')).toContainText('Verification finished');
  await expect(lucia.locator('li.qa-criterion.differs')).toHaveCount(2);

  // The lead closes it.
  await ana.goto(assessment);
  await ana.getByRole('button', { name: /Close the assessment/ }).click();
  await expect(ana.getByRole('status')).toContainText('Assessment closed');

  // The campaign's chart, with JavaScript off.
  const campaignUrl = await ana.getByRole('link', { name: 'Seguimiento 2026 en Lima' }).getAttribute('href');
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noScript.newPage();
  await plain.goto(base() + '/signin');
  await plain.getByLabel('Username').fill('ana.quispe');
  await plain.getByLabel('Password').fill('entrust-demo-2026');
  await plain.getByRole('button', { name: 'Sign in', exact: true }).click();
  await plain.goto(base() + campaignUrl);
  await expect(plain.locator('figure.chart svg rect.chart-median')).toHaveCount(4);
  await expect(plain.locator('#areas-caption')).toContainText('Verified area scores');
  await expect(plain.locator('figure.chart table.chart-data tbody tr')).toHaveCount(4);
  await noScript.close();

  // An improvement plan from the two unmet criteria.
  const improvement = ana.locator('#improvement');
  const gaps = improvement.locator('input[name="criterion"]');
  await expect(gaps).toHaveCount(2);
  for (const gap of await gaps.all()) await gap.check();
  await improvement.getByLabel('Space the plan is kept in').selectOption({ label: 'Peru — treatment quality working group' });
  await improvement.getByLabel('Starts on').fill('2026-11-15');
  await improvement.getByLabel('Ends on').fill('2027-11-14');
  await improvement.getByRole('button', { name: 'Make the improvement plan' }).click();
  await expect(ana.locator('li.plan-action')).toHaveCount(2);
  await expect(ana.getByText('Closes criterion').first()).toBeVisible();
  await ana.getByRole('button', { name: 'Submit for approval' }).click();
  await ana.getByLabel('National authority that approved it').fill('Dirección del centro');
  await ana.getByLabel('Date of approval').fill('2026-11-20');
  await ana.getByRole('button', { name: 'Record the approval' }).click();
  await expect(ana.getByRole('status')).toContainText('The approval is recorded');
  await expect(ana.locator('table.checkins tbody tr')).toHaveCount(4);
  await expect(ana.locator('table.checkins')).toContainText('2026-12-20');
});
