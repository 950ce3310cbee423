// Technical-assistance requests in a real browser: a Colombian member files a request;
// staff find it in "unassigned", take it, ask a question; the country answers; staff mark
// the answer; the country closes it with a rating; the figures count it — and a member of
// another country cannot see it by address, listing or search.
const { test, expect } = require('@playwright/test');

const { base, signIn } = require('../lib/session');

/// The number in a figures table's row (by its label).
async function figure(page, caption, label) {
  const row = page.locator('table.figures', { has: page.locator('caption', { hasText: caption }) })
    .locator('tr', { has: page.locator('th', { hasText: label }) });
  return Number(await row.locator('td').innerText());
}

test('a request goes from a country to staff and back, and stays the country\'s', async ({ browser }) => {
  const carlos = await (await browser.newContext()).newPage();
  const lucia = await (await browser.newContext()).newPage();
  const marlon = await (await browser.newContext()).newPage();
  await signIn(carlos, 'carlos.mejia');
  await signIn(lucia, 'ta.lopez');
  await signIn(marlon, 'marlon.baptiste');

  await lucia.goto(base() + '/requests/figures');
  const closedBefore = await figure(lucia, 'By status', 'Closed');

  // The country files it.
  const word = `tamizaje${Date.now()}`;
  const title = `Indicadores de retención para ${word}`;
  await carlos.goto(base() + '/requests');
  await carlos.getByRole('link', { name: 'Ask for technical assistance' }).click();
  await carlos.getByLabel('Topic').selectOption('indicators');
  await carlos.getByLabel('Title').fill(title);
  await carlos.getByLabel('What do you need?').fill('Queremos medir la **retención** a 90 días en los CAD.');
  await carlos.getByLabel('Urgency').selectOption('high');
  await carlos.getByLabel('Related pages and attachments').fill('/library/es/niveles-de-atencion');
  await carlos.getByRole('button', { name: 'Send the request' }).click();
  await expect(carlos.getByRole('status')).toContainText('Your request has been filed');
  await expect(carlos.getByRole('heading', { level: 1 })).toContainText(title);
  const url = carlos.url().split('?')[0];

  // Staff find it unassigned and take it.
  await lucia.goto(base() + '/requests/queue');
  await lucia.getByRole('link', { name: /^Unassigned/ }).click();
  await lucia.getByRole('link', { name: title }).click();
  await lucia.getByRole('button', { name: 'Assign to me' }).click();
  await expect(lucia.getByRole('status')).toHaveText('The request has been updated.');
  await expect(lucia.locator('.request-facts')).toContainText('Lucía López');

  // Staff ask a question and wait for the country; the country, on the page, sees it
  // arrive live.
  await carlos.goto(url);
  // Both are on the page: each sees the other there once the socket is up.
  await expect(carlos.locator('.live .presence li[title="Lucía López"]')).toBeVisible();
  await lucia.getByLabel('Message', { exact: true }).fill('¿Qué sistema de información usan hoy?');
  await lucia.getByRole('button', { name: 'Post', exact: true }).click();
  await expect(lucia.getByRole('status')).toHaveText('Your reply has been posted.');
  await lucia.getByLabel('Status', { exact: true }).selectOption('waiting');
  await lucia.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(lucia.locator('.request-status')).toHaveText('Waiting for the country');

  await expect(carlos.locator('.posts')).toContainText('¿Qué sistema de información usan hoy?');

  // The country answers.
  await carlos.goto(url);
  await carlos.getByLabel('Message', { exact: true }).fill('Usamos un registro en hojas de cálculo por CAD.');
  await carlos.getByRole('button', { name: 'Post', exact: true }).click();
  await expect(carlos.locator('.request-status')).toHaveText('In progress');

  // Staff mark the country's answer.
  await lucia.goto(url);
  const reply = lucia.locator('li.post', { hasText: 'Usamos un registro' });
  await reply.getByRole('button', { name: 'Mark as the answer' }).click();
  await expect(lucia.getByRole('status')).toHaveText('The reply is marked as the answer.');
  await expect(lucia.locator('.request-status')).toHaveText('Answered');

  // The country closes it, satisfied.
  await carlos.goto(url);
  await expect(carlos.locator('li.post', { hasText: 'Usamos un registro' }).locator('.badge-answer')).toBeVisible();
  await carlos.getByLabel('Satisfied', { exact: true }).check();
  await carlos.getByRole('button', { name: 'Close with this rating' }).click();
  await expect(carlos.getByRole('status')).toContainText('The request is closed');
  await expect(carlos.locator('.history')).toContainText('was satisfied with the answer');

  // The figures count it.
  await lucia.goto(base() + '/requests/figures');
  expect(await figure(lucia, 'By status', 'Closed')).toBe(closedBefore + 1);

  // Another country's member: not by address, not listed, not found.
  const res = await marlon.goto(url);
  expect(res.status()).toBe(404);
  await marlon.goto(base() + '/requests');
  await expect(marlon.locator('main')).not.toContainText(title);
  await marlon.goto(base() + '/search?q=' + encodeURIComponent(word));
  await expect(marlon.locator('main')).not.toContainText(title);
  // …while the country finds its own.
  await carlos.goto(base() + '/search?q=' + encodeURIComponent(word));
  await expect(carlos.getByRole('link', { name: title }).first()).toBeVisible();
});
