// The funding catalogue in a real browser: staff add a mechanism open to Colombia with a
// deadline a month ahead (an amount that is not a number is refused, the form kept as
// typed); a visitor with JavaScript off finds it by a facet link and by words; Colombia's
// focal point sees its deadline on the home page and names it as the funding source of a
// plan action, whose page links to it.
const { test, expect } = require('@playwright/test');

const { base, signIn } = require('../lib/session');

test('staff add a mechanism, a visitor finds it, a focal point funds an action with it', async ({ browser }) => {
  test.setTimeout(90_000);
  const stamp = Date.now();
  const name = `Andean treatment fund ${stamp}`;
  const due = new Date(Date.now() + 30 * 86400e3).toISOString().slice(0, 10);

  const lucia = await (await browser.newContext()).newPage();
  await signIn(lucia, 'ta.lopez');
  await lucia.goto(base() + '/funding');
  await expect(lucia.locator('li.mechanism')).toHaveCount(10);
  await lucia.getByText('Add a funding mechanism', { exact: true }).click();
  let form = lucia.locator('#new form');
  await form.getByLabel('Name (English)').fill(name);
  await form.getByLabel('Funder').fill('Andean donors');
  await form.getByLabel('Kind').selectOption('grant_programme');
  await form.getByLabel('Cycle').selectOption('annual');
  await form.getByLabel('Colombia').check();
  await form.getByLabel('What it funds (English)').fill('Outpatient treatment teams in primary care');
  await form.getByLabel('Smallest amount').fill('about fifty thousand');
  await form.getByLabel('Currency').fill('USD');
  await form.getByLabel('Deadlines').fill(`${due} Proposals`);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(lucia.getByRole('alert')).toContainText('Smallest amount');
  form = lucia.locator('#new form');
  await expect(form.getByLabel('Name (English)')).toHaveValue(name);
  await expect(form.getByLabel('Colombia')).toBeChecked();
  await form.getByLabel('Smallest amount').fill('50000');
  await form.getByLabel('Largest amount').fill('250000');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(lucia.getByRole('status')).toHaveText('Saved.');
  await expect(lucia.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(lucia.locator('dl.facts')).toContainText('50,000.00 – 250,000.00 USD');
  const mechanism = lucia.url().split('?')[0];

  // A visitor without JavaScript: the kind facet is a link, the words a plain form.
  const visitor = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await visitor.goto(base() + '/funding');
  await visitor.locator('aside.facets').getByRole('link', { name: 'Grant programme' }).click();
  await expect(visitor.locator('li.mechanism')).toHaveCount(3);
  await expect(visitor.locator('li.mechanism', { hasText: name })).toContainText(due);
  await visitor.goto(base() + '/funding');
  await visitor.getByLabel('Words').fill('ambulatorio outpatient');
  await visitor.locator('#main').getByRole('button', { name: 'Search' }).click();
  await expect(visitor.locator('li.mechanism')).toHaveCount(0);
  await visitor.getByLabel('Words').fill('outpatient primary');
  await visitor.locator('#main').getByRole('button', { name: 'Search' }).click();
  await expect(visitor.locator('li.mechanism')).toHaveCount(1);
  await visitor.goto(base() + '/');
  await expect(visitor.locator('#home-deadlines')).toHaveCount(0);

  // Colombia's focal point: the deadline on the home page, then an action funded by it.
  const carlos = await (await browser.newContext()).newPage();
  await signIn(carlos, 'carlos.mejia');
  await carlos.goto(base() + '/');
  await expect(carlos.locator('.deadlines-soon')).toContainText(name);
  await expect(carlos.locator('.deadlines-soon')).toContainText(due);
  await carlos.goto(base() + '/plans');
  await carlos.getByLabel('Space').selectOption('colombia-plan-operativo');
  await carlos.getByLabel('Title').fill(`Colombia financiamiento ${stamp}`);
  await carlos.getByLabel('Starts').fill('2027-01-01');
  await carlos.getByLabel('Ends').fill('2027-12-31');
  await carlos.getByRole('button', { name: 'Start the plan' }).click();
  await carlos.locator('details.add', { hasText: 'Add an objective' }).locator('summary').click();
  await carlos.getByLabel('Objective', { exact: true }).fill('Ampliar el tratamiento ambulatorio');
  await carlos.locator('details.add', { hasText: 'Add an objective' }).getByRole('button', { name: 'Save' }).click();
  await expect(carlos.getByRole('status')).toHaveText('Saved.');
  const line = carlos.locator('details.add', { hasText: 'Add a line of action' }).first();
  await line.locator('summary').click();
  await line.getByLabel('Line of action').fill('Equipos');
  await line.getByLabel('Domain').selectOption('treatment');
  await line.getByRole('button', { name: 'Save' }).click();
  await expect(carlos.getByRole('status')).toHaveText('Saved.');
  const add = carlos.locator('details.add', { hasText: 'Add an action' }).first();
  await add.locator('summary').click();
  await add.getByLabel('Action', { exact: true }).fill('Formar diez equipos');
  await add.getByLabel('Responsible', { exact: true }).fill('Ministerio de Salud y Protección Social');
  await add.getByLabel('Starts').fill('2027-02-01');
  await add.getByLabel('Ends').fill('2027-11-30');
  // Only mechanisms open to Colombia are offered: not Peru's insurance.
  const pick = add.getByLabel('Funding mechanism');
  await expect(pick.locator('option', { hasText: 'Comprehensive Health Insurance (SIS)' })).toHaveCount(0);
  await pick.selectOption({ label: name });
  await add.getByRole('button', { name: 'Save' }).click();
  await expect(carlos.getByRole('status')).toHaveText('Saved.');
  const action = carlos.locator('li.plan-action', { hasText: 'Formar diez equipos' });
  await action.getByRole('link', { name }).click();
  await expect(carlos).toHaveURL(mechanism);
});
