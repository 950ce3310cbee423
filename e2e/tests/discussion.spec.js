// Two members of a private space discuss in a real browser: one starts a thread, the
// other previews and replies three levels deep mentioning the first, who then sees the
// unread count and lands on the first new reply. Then the same thread with JavaScript off.
const { test, expect } = require('@playwright/test');

const { base, signIn } = require('../lib/session');
const SPACE = '/spaces/colombia-plan-operativo';

async function replyTo(page, postText, body) {
  const post = page.locator('li.post', { hasText: postText }).last();
  await post.locator('.post-actions').first().getByRole('link', { name: 'Reply', exact: true }).click();
  await page.getByLabel('Message').fill(body);
  await page.getByRole('button', { name: 'Post', exact: true }).click();
}

test('two members discuss in a nested thread with mentions and unread counts', async ({ browser }) => {
  const carlos = await (await browser.newContext()).newPage();
  const lucia = await (await browser.newContext()).newPage();
  await signIn(carlos, 'carlos.mejia');
  await signIn(lucia, 'ta.lopez');
  // Carlos starts with nothing unread (the demo tells him of a check-in falling due).
  await carlos.goto(base() + '/notifications');
  const markAll = carlos.getByRole('button', { name: 'Mark all as read' });
  if (await markAll.count()) {
    await markAll.click();
  }
  await expect(carlos.locator('.notifications-link .count')).toHaveCount(0);

  const title = `Metas de cobertura ${Date.now()}`;
  await carlos.goto(base() + SPACE);
  await carlos.getByRole('link', { name: 'Start a discussion' }).click();
  await carlos.getByLabel('Title').fill(title);
  await carlos.getByLabel('Message').fill('¿Qué **meta** proponemos para 2027?');
  await carlos.getByRole('button', { name: 'Post', exact: true }).click();
  await expect(carlos.getByRole('heading', { level: 1 })).toContainText(title);
  await expect(carlos.locator('.markdown strong')).toHaveText('meta');
  const threadUrl = carlos.url();

  // Lucía previews, then replies three levels deep, mentioning Carlos at the bottom.
  await lucia.goto(threadUrl);
  const opening = lucia.locator('li.post').first();
  await opening.locator('.post-actions').first().getByRole('link', { name: 'Reply', exact: true }).click();
  await lucia.getByLabel('Message').fill('Propongo **20 %**.');
  await lucia.getByRole('button', { name: 'Preview' }).click();
  await expect(lucia.locator('.preview strong')).toHaveText('20 %');
  await expect(lucia.getByLabel('Message')).toHaveValue('Propongo **20 %**.');
  await lucia.getByRole('button', { name: 'Post', exact: true }).click();
  await replyTo(lucia, 'Propongo 20 %', 'Con línea de base 2025.');
  await replyTo(lucia, 'Con línea de base 2025', 'Y fuente: registro de atención, @carlos.mejia.');

  const deepest = lucia.locator('ol.replies ol.replies li.post', { hasText: 'registro de atención' }).last();
  await expect(deepest).toBeVisible();
  await expect(deepest.getByRole('link', { name: '@carlos.mejia' })).toHaveAttribute('href', '/people/carlos.mejia');

  // Carlos is told: the header counts his notifications (a reply and a mention).
  await carlos.goto(base() + SPACE);
  const bell = carlos.locator('.notifications-link .count');
  await expect(bell).toHaveText('2');
  await carlos.locator('.notifications-link').click();
  await expect(carlos.getByText('Lucía López mentioned you')).toBeVisible();
  await expect(carlos.getByText('Lucía López replied to you')).toBeVisible();

  // Carlos sees three new replies in the space's list and lands on the first of them.
  await carlos.goto(base() + SPACE);
  const row = carlos.locator('.thread-list li', { hasText: title });
  await expect(row.locator('.badge-new')).toHaveText('3 new');
  await row.getByRole('link', { name: title }).click();
  await expect(carlos).toHaveURL(/#p\d+$/);
  const target = new URL(carlos.url()).hash.slice(1);
  await expect(carlos.locator(`#${target}`)).toContainText('Propongo 20 %');
  await expect(carlos.locator('li.post.unread')).toHaveCount(3);
  await carlos.goto(base() + SPACE);
  await expect(carlos.locator('.thread-list li', { hasText: title }).locator('.badge-new')).toHaveCount(0);
  await expect(carlos.locator('.notifications-link .count')).toHaveCount(0);

  // Folding a subtree hides its replies.
  await carlos.goto(threadUrl);
  const first = carlos.locator('li.post').nth(1); // the first reply, after the opening post
  await first.locator(':scope > details > summary').click();
  await expect(carlos.getByText('Con línea de base 2025.')).toBeHidden();
  await expect(first.locator(':scope > details > summary .fold-count')).toHaveText('Replies: 2');
});

test('a thread reads and takes replies with JavaScript off', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, 'ta.lopez');
  await page.goto(base() + SPACE);
  await page.getByRole('link', { name: 'Borrador del plan operativo: indicadores de retención' }).click();
  await expect(page.locator('li.post').first()).toContainText('retención a 90 días');
  await page.locator('#reply-body').fill('Sin JavaScript también funciona.');
  await page.getByRole('button', { name: 'Post', exact: true }).click();
  await expect(page.locator('li.post', { hasText: 'Sin JavaScript también funciona.' })).toBeVisible();
  // An empty reply comes back with a message, not an error page.
  await page.locator('#reply-body').fill('   ');
  await page.getByRole('button', { name: 'Post', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('The message is empty');
});
