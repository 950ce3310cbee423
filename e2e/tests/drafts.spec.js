// Two members write a draft together in a real browser: each saves two revisions, the
// diff between revisions 1 and 4 marks what changed, and a save on top of an old
// revision is refused with the changes shown and the text kept.
const { test, expect } = require('@playwright/test');

const { base, signIn } = require('../lib/session');
const SPACE = '/spaces/colombia-plan-operativo';

async function saveRevision(page, url, text, summary) {
  await page.goto(url + '/edit');
  await page.getByLabel('Text').fill(text);
  await page.getByLabel('What did you change? (optional)').fill(summary);
  await page.getByRole('button', { name: 'Save as a new revision' }).click();
  await expect(page.getByRole('status')).toContainText('Your revision was saved.');
}

test('two members revise a draft; the diff and a stale save', async ({ browser }) => {
  const carlos = await (await browser.newContext()).newPage();
  const lucia = await (await browser.newContext()).newPage();
  await signIn(carlos, 'carlos.mejia');
  await signIn(lucia, 'ta.lopez');

  const title = `Plan operativo ${Date.now()}`;
  await carlos.goto(base() + SPACE);
  await carlos.getByRole('link', { name: 'Start a draft' }).click();
  await carlos.getByLabel('Title').fill(title);
  await carlos.getByLabel('Text').fill('Meta: cobertura del 10 %.\nPresupuesto: 1 millón.\n');
  await carlos.getByRole('button', { name: 'Save as a new revision' }).click();
  await expect(carlos.getByRole('heading', { level: 1 })).toContainText(title);
  const url = carlos.url().split('?')[0];

  await saveRevision(lucia, url, 'Meta: cobertura del 15 %.\nPresupuesto: 1 millón.\n', 'meta');
  await saveRevision(carlos, url, 'Meta: cobertura del 15 %.\nPresupuesto: 2 millones.\n', 'presupuesto');
  await saveRevision(lucia, url, 'Meta: cobertura del 15 %.\nPresupuesto: 2 millones.\nIndicador: retención.\n', 'indicador');

  await carlos.goto(url);
  await expect(carlos.getByText('Revision 4 of 4')).toBeVisible();
  await carlos.getByLabel('Compare revision').selectOption('1');
  await carlos.getByLabel('with').selectOption('4');
  await carlos.getByRole('button', { name: 'Compare' }).click();
  await expect(carlos.getByRole('heading', { level: 1 })).toHaveText('Changes from revision 1 to 4');
  // The rendered view marks changed words in place; the markdown source diff folds below.
  await expect(carlos.locator('.diff-rendered del.diff-del').first()).toHaveText('10');
  await expect(carlos.locator('.diff-rendered ins.diff-ins').first()).toHaveText('15');
  await expect(carlos.locator('.diff-rendered ins.diff-ins', { hasText: 'Indicador: retención.' })).toBeVisible();
  await carlos.getByText('Changes in the markdown source').click();
  await expect(carlos.locator('.diff del').first()).toContainText('10');
  await expect(carlos.locator('.diff ins').first()).toContainText('15');
  await expect(carlos.locator('.diff .add', { hasText: 'Indicador: retención.' })).toBeVisible();

  // Both open the form on revision 4; Lucía saves first, Carlos's save is refused.
  await carlos.goto(url + '/edit');
  await lucia.goto(url + '/edit');
  await lucia.getByLabel('Text').fill('Meta: cobertura del 20 %.\nPresupuesto: 2 millones.\nIndicador: retención.\n');
  await lucia.getByRole('button', { name: 'Save as a new revision' }).click();
  await expect(lucia.getByRole('status')).toContainText('Your revision was saved.');
  await carlos.getByLabel('Text').fill('Meta: cobertura del 15 %.\nPresupuesto: 2 millones.\nIndicador: retención a 90 días.\n');
  await carlos.getByRole('button', { name: 'Save as a new revision' }).click();
  await expect(carlos.getByRole('alert')).toContainText('Someone saved a newer revision');
  await expect(carlos.locator('.conflict .diff ins')).toContainText('20');
  await expect(carlos.getByLabel('Text')).toHaveValue(/retención a 90 días/);
  // Having seen the change, he merges it and saves on top of it.
  await carlos.getByLabel('Text').fill('Meta: cobertura del 20 %.\nPresupuesto: 2 millones.\nIndicador: retención a 90 días.\n');
  await carlos.getByRole('button', { name: 'Save as a new revision' }).click();
  await expect(carlos.getByRole('status')).toContainText('Your revision was saved.');
  await expect(carlos.getByText('Revision 6 of 6')).toBeVisible();
});
