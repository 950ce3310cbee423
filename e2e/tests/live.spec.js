// Live presence and replies in two browsers: Carlos watches a thread; Lucía arrives and he
// sees her within a second, sees her replying, and sees her reply appear in place. Then
// Carlos's network is cut for 10 s while Lucía posts twice: when it returns he has both
// posts, each exactly once, without reloading. Last, on the space page, Lucía sees the
// thread's "new" count grow as Carlos replies.
const { test, expect } = require('@playwright/test');

const { base, signIn } = require('../lib/session');
const SPACE = '/spaces/colombia-plan-operativo';

async function replyAtBottom(page, body) {
  await page.locator('#reply-body').fill(body);
  await page.getByRole('button', { name: 'Post', exact: true }).click();
  await expect(page.locator('li.post', { hasText: body })).toBeVisible();
}

test('presence, typing and live replies survive a dropped network', async ({ browser }) => {
  test.setTimeout(60_000);
  const carlosContext = await browser.newContext({ viewport: { width: 800, height: 320 } });
  const carlos = await carlosContext.newPage();
  const lucia = await (await browser.newContext()).newPage();
  await signIn(carlos, 'carlos.mejia');
  await signIn(lucia, 'ta.lopez');

  const title = `En vivo ${Date.now()}`;
  await carlos.goto(base() + SPACE + '/threads/new');
  await carlos.getByLabel('Title').fill(title);
  await carlos.getByLabel('Message').fill('¿Quién revisa la **meta** de hoy?');
  await carlos.getByRole('button', { name: 'Post', exact: true }).click();
  await expect(carlos.getByRole('heading', { level: 1 })).toContainText(title);
  const threadUrl = carlos.url().split('#')[0];
  // The island is alive once Carlos sees himself counted nowhere but the socket is up.
  await expect(carlos.locator('.live')).toBeVisible();

  // Lucía opens the thread: Carlos sees her initials (her name as tooltip) within 1 s.
  await lucia.goto(threadUrl);
  const her = carlos.locator('.live .presence li[title="Lucía López"]');
  await expect(her).toBeVisible({ timeout: 1000 });
  await expect(her.locator('.avatar')).toHaveText('LL');

  // She types: he sees that she is replying.
  await lucia.locator('#reply-body').fill('Yo la reviso');
  await expect(carlos.locator('.typing-note')).toHaveText('Lucía López is replying…');

  // She posts: the reply appears in place on his page, highlighted, and since it landed
  // below what he is reading, a button offers to show it.
  await carlos.evaluate(() => window.scrollTo(0, 0));
  await lucia.locator('#reply-body').fill('Yo la reviso esta tarde.');
  await lucia.getByRole('button', { name: 'Post', exact: true }).click();
  const arrived = carlos.locator('ol.posts > li.post.arrived', { hasText: 'Yo la reviso esta tarde.' });
  await expect(arrived).toHaveCount(1);
  const more = carlos.getByRole('button', { name: 'New replies below: 1' });
  await expect(more).toBeVisible();
  await more.click();
  await expect(more).toBeHidden();
  await expect(arrived).toBeInViewport();

  // Carlos's network drops for 10 s; Lucía posts twice meanwhile.
  await carlosContext.setOffline(true);
  await expect(carlos.locator('.live-status')).toBeVisible();
  await replyAtBottom(lucia, 'Primera mientras no hay red.');
  await replyAtBottom(lucia, 'Segunda mientras no hay red.');
  await carlos.waitForTimeout(10_000);
  await carlosContext.setOffline(false);

  // Back online he has both, once each, and nothing else arrives twice.
  await expect(carlos.locator('li.post', { hasText: 'Primera mientras no hay red.' })).toHaveCount(1, { timeout: 10_000 });
  await expect(carlos.locator('li.post', { hasText: 'Segunda mientras no hay red.' })).toHaveCount(1);
  await expect(carlos.locator('.live-status')).toBeHidden();
  await carlos.waitForTimeout(1500);
  await expect(carlos.locator('li.post')).toHaveCount(4);
  await expect(carlos.locator('li.post', { hasText: 'Yo la reviso esta tarde.' })).toHaveCount(1);

  await lucia.goto(base() + SPACE);
  const row = lucia.locator('.thread-list li', { hasText: title });
  await expect(row).toBeVisible();
  await expect(row.locator('.badge-new')).toHaveCount(0);
  await carlos.locator('#reply-body').fill('Gracias, Lucía.');
  await carlos.getByRole('button', { name: 'Post', exact: true }).click();
  await expect(row.locator('.badge-new')).toHaveText('1 new');
});
