// Missions in a real browser: staff plan a supervision mission to Peru (an end before the
// start is refused, the form kept as typed), add two service visits, tick the checklist,
// move it on, write notes and a report, approve it, and turn a finding into an action of
// Peru's improvement plan; Peru's country page shows the mission to staff, and a visitor
// with JavaScript off sees the country's public parts and no mission. The calendar is a
// plain table that works without script.
const { test, expect } = require('@playwright/test');

const { base, signIn } = require('../lib/session');

function day(offset) {
  return new Date(Date.now() + offset * 86400e3).toISOString().slice(0, 10);
}

test('staff run a mission to Peru from plan to follow-up', async ({ browser }) => {
  test.setTimeout(120_000);
  const title = `Supervision in Lima ${Date.now()}`;
  const staff = await (await browser.newContext()).newPage();
  await signIn(staff, 'ta.lopez');
  await staff.goto(base() + '/missions');
  await staff.getByText('Plan a mission', { exact: true }).click();
  let form = staff.locator('#new form');
  await form.getByLabel('Country').selectOption('PE');
  await form.getByLabel('Title').fill(title);
  await form.getByLabel('Scope level').selectOption('service');
  await form.getByLabel('Starts on').fill(day(20));
  await form.getByLabel('Ends on').fill(day(18));
  await form.getByLabel('Objectives').fill('Check the assessment criteria on site.');
  await form.getByLabel('Assessment instrument').selectOption({ index: 1 });
  await form.getByLabel('Lucía López').check();
  await form.getByRole('button', { name: 'Plan the mission' }).click();
  await expect(staff.getByRole('alert')).toBeVisible();
  form = staff.locator('#new form');
  await expect(form.getByLabel('Title')).toHaveValue(title);
  await form.getByLabel('Ends on').fill(day(22));
  await form.getByRole('button', { name: 'Plan the mission' }).click();
  await expect(staff.getByRole('status')).toHaveText('Mission planned.');
  await expect(staff.getByRole('heading', { level: 1 })).toHaveText(title);
  const mission = staff.url().split('?')[0];

  // Two service visits.
  for (const index of [1, 2]) {
    const visits = staff.locator('#visits form').last();
    await visits.getByLabel('Service').selectOption({ index: 1 });
    await visits.getByLabel('Day of the visit').fill(day(19 + index));
    await visits.getByRole('button', { name: 'Add a visit' }).click();
    await expect(staff.getByRole('status')).toHaveText('Saved.');
  }
  await expect(staff.locator('#visits article.visit')).toHaveCount(2);

  // Prepared, then on site: the checklist ticked, notes of a visit written.
  await staff.getByRole('button', { name: 'Move to “In preparation”' }).click();
  await expect(staff.locator('.steps li.current')).toHaveText('In preparation');
  const first = staff.locator('#checklist li').first();
  await first.getByRole('checkbox').check();
  await first.getByRole('button', { name: 'Save' }).click();
  await expect(staff.locator('#checklist li').first()).toHaveClass(/done/);
  await staff.getByRole('button', { name: 'Move to “Under way”' }).click();
  const visit = staff.locator('#visits article.visit').first();
  await visit.getByLabel('Notes of the visit').fill('Met the director; **records** checked.');
  await visit.getByRole('button', { name: 'Save the notes' }).click();
  await expect(staff.locator('#visits article.visit').first().locator('strong')).toHaveText('records');

  // The report: a revision, sent for review, approved.
  await staff.getByLabel('Report (markdown)').fill('## Findings\n\nThe admission protocol is missing.');
  await staff.getByRole('button', { name: 'Save as a new revision' }).click();
  await expect(staff.getByRole('status')).toHaveText('New revision of the report saved.');
  await staff.getByRole('button', { name: 'Move to “Report in review”' }).click();
  await staff.getByRole('button', { name: 'Approve revision 1 and close the mission' }).click();
  await expect(staff.getByRole('status')).toHaveText('Report approved; the mission is closed.');
  await expect(staff.locator('#report .notice')).toContainText('Revision 1 approved by');

  // A finding becomes an action of Peru's improvement plan.
  await staff.getByText('Turn a finding into an action of the country\'s plan').click();
  const follow = staff.locator('#follow-ups form');
  // The Ate centre's improvement plan (the demo's, in Spanish), its first line.
  const line = await follow.locator('optgroup[label^="Plan de mejora"] option').first().getAttribute('value');
  await follow.getByLabel('Plan and line of action').selectOption(line);
  await follow.getByLabel('Title').fill('Write the admission protocol');
  await follow.getByLabel('Responsible').fill('Centre director');
  await follow.getByLabel('Starts on').fill(day(30));
  await follow.getByLabel('Ends on').fill(day(120));
  await follow.getByLabel('Criterion it closes').selectOption({ index: 1 });
  await follow.getByRole('button', { name: 'Add the action to the plan' }).click();
  await expect(staff.getByRole('status')).toHaveText('Action added to the plan.');
  const link = staff.locator('#follow-ups li a', { hasText: 'Write the admission protocol' });
  await link.click();
  await expect(staff.getByText('Write the admission protocol').first()).toBeVisible();

  // Peru's page shows the mission to staff; a visitor sees public parts, no mission.
  await staff.goto(base() + '/countries/PE');
  await expect(staff.locator('section', { has: staff.locator('#country-missions') })).toContainText(title);
  const visitor = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await visitor.goto(base() + '/countries/PE');
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('Peru');
  await expect(visitor.locator('#country-directory')).toBeVisible();
  await expect(visitor.locator('body')).not.toContainText(title);
  const hidden = await visitor.goto(mission);
  expect(hidden.status()).toBe(404);

  // The calendar, without script: the mission in its country's row.
  const plain = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await signIn(plain, 'ta.lopez');
  await plain.goto(base() + `/missions?year=${day(20).slice(0, 4)}`);
  await expect(plain.locator('table.calendar tr', { hasText: 'Peru' })).toContainText(title);
});
