// Operational plans in a real browser: Colombia's focal point builds a plan with two
// objectives and three actions and submits it; staff record the national approval; the
// four check-ins appear with their due days; the focal point fills the first (one action
// red) and asks for help from that action; staff see the linked request; the progress
// chart is SVG with JavaScript off; a member of another country gets "not found" by
// address, and finds the plan neither in the list nor in search.
const { test, expect } = require('@playwright/test');

const { base, signIn } = require('../lib/session');

/// Adds an action through the "Add an action" form of the `n`th line.
async function addAction(page, n, fields) {
  const form = page.locator('details.add', { hasText: 'Add an action' }).nth(n);
  // A form refused before comes back open with what was typed.
  if (!(await form.evaluate((d) => d.open))) {
    await form.locator('summary').click();
  }
  await form.getByLabel('Action', { exact: true }).fill(fields.title);
  await form.getByLabel('Responsible', { exact: true }).fill('Ministerio de Salud y Protección Social');
  await form.getByLabel('Starts').fill(fields.starts);
  await form.getByLabel('Ends').fill(fields.ends);
  await form.getByLabel('Planned budget').fill(fields.budget);
  await form.getByLabel('Currency (ISO code)').fill('COP');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
}

test('a plan goes from a draft to approval, its check-ins and a request for help', async ({ browser }) => {
  const carlos = await (await browser.newContext()).newPage();
  const lucia = await (await browser.newContext()).newPage();
  const marlon = await (await browser.newContext()).newPage();
  await signIn(carlos, 'carlos.mejia');
  await signIn(lucia, 'ta.lopez');
  await signIn(marlon, 'marlon.baptiste');

  const word = `cobertura${Date.now()}`;
  const title = `Colombia 2027–2028 ${word}`;
  await carlos.goto(base() + '/plans');
  await carlos.getByLabel('Space').selectOption('colombia-plan-operativo');
  await carlos.getByLabel('Title').fill(title);
  await carlos.getByLabel('Starts').fill('2027-01-01');
  await carlos.getByLabel('Ends').fill('2028-12-31');
  await carlos.getByRole('button', { name: 'Start the plan' }).click();
  await expect(carlos.getByRole('status')).toContainText('The plan is started');
  const url = carlos.url().split('?')[0];

  // Bad input is refused with a message that names the field.
  for (const objective of ['Ampliar el acceso al tratamiento', 'Formar al personal de salud']) {
    await carlos.locator('details.add', { hasText: 'Add an objective' }).locator('summary').click();
    await carlos.getByLabel('Objective', { exact: true }).fill(objective);
    await carlos.locator('details.add', { hasText: 'Add an objective' }).getByRole('button', { name: 'Save' }).click();
    await expect(carlos.getByRole('status')).toHaveText('Saved.');
  }
  for (const [n, domain] of [[0, 'treatment'], [1, 'workforce']]) {
    const form = carlos.locator('details.add', { hasText: 'Add a line of action' }).nth(n);
    await form.locator('summary').click();
    await form.getByLabel('Line of action').fill(n === 0 ? 'Servicios' : 'Formación');
    await form.getByLabel('Domain').selectOption(domain);
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(carlos.getByRole('status')).toHaveText('Saved.');
  }
  await addAction(carlos, 0, { title: 'Abrir dos centros ambulatorios', starts: '2027-02-01', ends: '2027-12-31', budget: '1500000' });
  await addAction(carlos, 0, { title: 'Guía de derivación', starts: '2027-03-01', ends: '2027-06-30', budget: '' });
  // Dates out of order: refused, nothing added.
  const form = carlos.locator('details.add', { hasText: 'Add an action' }).nth(1);
  await form.locator('summary').click();
  await form.getByLabel('Action', { exact: true }).fill('Al revés');
  await form.getByLabel('Responsible', { exact: true }).fill('Ministerio');
  await form.getByLabel('Starts').fill('2027-05-01');
  await form.getByLabel('Ends').fill('2027-01-01');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(carlos.getByRole('alert')).toContainText('dates are out of order');
  // The refused form is open again, as typed.
  const again = carlos.locator('details.add', { hasText: 'Add an action' }).nth(1);
  await expect(again.getByLabel('Action', { exact: true })).toHaveValue('Al revés');
  await expect(again.getByLabel('Starts')).toHaveValue('2027-05-01');
  await addAction(carlos, 1, { title: 'Curso para equipos de atención primaria', starts: '2027-02-01', ends: '2027-09-30', budget: '250000.50' });
  await expect(carlos.locator('li.plan-action')).toHaveCount(3);

  await carlos.getByRole('button', { name: 'Submit for approval' }).click();
  await expect(carlos.getByRole('status')).toHaveText('The plan is submitted for approval.');

  // Staff record the national approval; the four check-ins appear with their days.
  await lucia.goto(url);
  await lucia.getByLabel('National authority that approved it').fill('Ministerio de Salud y Protección Social');
  await lucia.getByLabel('Date of approval').fill('2026-11-02');
  await lucia.getByRole('button', { name: 'Record the approval' }).click();
  await expect(lucia.getByRole('status')).toContainText('The approval is recorded');
  const checkins = lucia.locator('table.checkins tbody tr');
  await expect(checkins).toHaveCount(4);
  for (const due of ['2026-12-02', '2027-02-02', '2027-05-02', '2027-11-02']) {
    await expect(lucia.locator('table.checkins')).toContainText(due);
  }

  // The focal point fills the first check-in: the first action red and delayed.
  await carlos.goto(url);
  await carlos.getByRole('link', { name: '1-month check-in' }).click();
  const entries = carlos.locator('li.checkin-entry');
  await expect(entries).toHaveCount(3);
  const lines = [['delayed', '5', 'Red'], ['in_progress', '40', 'Green'], ['in_progress', '20', 'Amber']];
  for (let i = 0; i < 3; i++) {
    const entry = entries.nth(i);
    await entry.getByLabel('Status').selectOption(lines[i][0]);
    await entry.getByLabel('Percent complete').fill(lines[i][1]);
    await entry.getByLabel(lines[i][2], { exact: true }).check();
  }
  await carlos.getByRole('button', { name: 'Submit the check-in' }).click();
  await expect(carlos.getByRole('status')).toHaveText('The check-in is submitted.');
  await expect(carlos.getByRole('button', { name: 'Submit the check-in' })).toHaveCount(0);

  // … and asks the programme for help from the red action.
  await carlos.goto(url);
  const red = carlos.locator('li.plan-action', { hasText: 'Abrir dos centros ambulatorios' });
  await expect(red.locator('.rag-red')).toBeVisible();
  await red.getByRole('link', { name: 'Ask the programme for technical assistance' }).click();
  await expect(carlos.locator('.notice')).toContainText('Abrir dos centros ambulatorios');
  await carlos.getByLabel('Topic').selectOption('operational_planning');
  await carlos.getByLabel('Title').fill(`Apoyo para los centros ${word}`);
  await carlos.getByLabel('What do you need?').fill('La apertura de los centros va retrasada.');
  await carlos.getByRole('button', { name: 'Send the request' }).click();
  await expect(carlos.getByRole('status')).toContainText('Your request has been filed');

  // Staff see the request with its action, and the action with its request.
  await lucia.goto(base() + '/requests/queue');
  await lucia.getByRole('link', { name: `Apoyo para los centros ${word}` }).click();
  await expect(lucia.locator('.request-facts')).toContainText('Abrir dos centros ambulatorios');
  await lucia.goto(url);
  await expect(lucia.locator('li.plan-action', { hasText: 'Abrir dos centros' })).toContainText(`Apoyo para los centros ${word}`);

  // With JavaScript off, the charts are there as SVG with their tables: progress by
  // objective and by domain, the ratings, the budget.
  const noScript = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await signIn(noScript, 'carlos.mejia');
  await noScript.goto(url);
  await expect(noScript.locator('figure.chart svg')).toHaveCount(4);
  await expect(noScript.locator('figure.chart svg').first()).toBeVisible();
  await expect(noScript.locator('table.chart-data').first()).toContainText('Ampliar el acceso al tratamiento');

  // Another country's member: not found by address, not in the list, not in search.
  const response = await marlon.goto(url);
  expect(response.status()).toBe(404);
  await marlon.goto(base() + '/plans');
  await expect(marlon.locator('main')).not.toContainText(word);
  await marlon.goto(base() + `/search?q=${word}`);
  await expect(marlon.locator('main a[href^="/plans/"]')).toHaveCount(0);
  await expect(marlon.locator('main')).not.toContainText(title);
  // … while the country finds it.
  await expect(async () => {
    await carlos.goto(base() + `/search?q=${word}`);
    await expect(carlos.locator('main')).toContainText(title, { timeout: 500 });
  }).toPass({ timeout: 10_000 });
});

test('the focal point is told a check-in falls due and opens it from the notification', async ({ browser }) => {
  const carlos = await (await browser.newContext()).newPage();
  await signIn(carlos, 'carlos.mejia');
  await carlos.goto(base() + '/notifications');
  const item = carlos.locator('ul.notifications li', { hasText: 'The 6-month check-in is due on' });
  await expect(item).toBeVisible();
  await item.getByRole('link').click();
  await expect(carlos).toHaveURL(/\/plans\/\d+\/checkins\/6$/);
  await expect(carlos.locator('form.checkin-form, .checkin-entry').first()).toBeVisible();
});
