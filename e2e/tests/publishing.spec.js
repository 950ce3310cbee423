// Publishing through the web in a real browser: a country publisher submits a best
// practice in the template, TA staff approve it, and it is found by search within two
// seconds — by a signed-out reader.
const { test, expect } = require('@playwright/test');

const { base, signIn } = require('../lib/session');

test('a publisher submits, staff approve, and search finds it within 2 s', async ({ browser }) => {
  const ana = await (await browser.newContext()).newPage();
  const lucia = await (await browser.newContext()).newPage();
  const reader = await (await browser.newContext()).newPage();
  await signIn(ana, 'ana.quispe');
  await signIn(lucia, 'ta.lopez');

  const word = `acompanamiento${Date.now()}`;
  const title = `Llamadas de acompañamiento ${word}`;
  await ana.goto(base() + '/library');
  await ana.getByRole('link', { name: 'Propose a document for the library' }).click();
  await ana.locator('#sub-country').selectOption('PE');
  await ana.locator('#sub-language').selectOption('es');
  await ana.getByLabel('Title').fill(title);
  await ana.getByLabel('Summary').fill('Llamadas a las dos semanas del ingreso.');
  await ana.getByLabel('Topics').fill('retention, continuity-of-care');
  await ana.getByLabel('Context', { exact: true }).fill('Muchas personas abandonan en el primer mes.');
  await ana.getByLabel('Intervention').fill('Una enfermera llama a cada persona a los 14 días.');
  await ana.getByLabel('Population').fill('Adultos en tratamiento ambulatorio.');
  await ana.getByLabel('Evidence').fill('Registros del programa.');
  await ana.getByLabel('Results and indicators').fill('Retención a 90 días: de 41 % a 55 %.');
  await ana.getByLabel('Contact', { exact: true }).fill('Ana Quispe, MINSA');
  await ana.getByRole('button', { name: 'Send for review' }).click();
  await expect(ana.getByRole('status')).toHaveText('Your submission was sent for review.');
  await expect(ana.getByRole('heading', { level: 1 })).toHaveText(title);

  await lucia.goto(base() + '/library/submissions?status=submitted');
  await lucia.getByRole('link', { name: title }).click();
  await lucia.getByRole('button', { name: 'Approve and publish' }).click();
  await expect(lucia.getByRole('status')).toHaveText('Approved: the document is now in the library.');
  const approvedAt = Date.now();

  let found = false;
  while (!found && Date.now() - approvedAt < 2_000) {
    await reader.goto(base() + '/search?q=' + encodeURIComponent(word));
    found = (await reader.getByRole('link', { name: title }).count()) > 0;
  }
  expect(found).toBe(true);
  await reader.getByRole('link', { name: title }).click();
  await expect(reader.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(reader.locator('.doc-meta')).toContainText('Peru');
  await expect(reader.getByRole('heading', { name: 'History' })).toBeVisible();
});
