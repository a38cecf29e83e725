// Real-browser test of the chat page: ask one question, wait for the sourced answer, check
// that a highlighted quote from the article is on the page, save a screenshot.
//
// Run by tests/test_ui.py::test_browser_chat. By hand:
//   APP_URL=http://127.0.0.1:7860/ ARTICLE_PATH=seeds/000_eea4275ae8fda62b.txt \
//   SCREENSHOT_PATH=/tmp/chat.png node tests/browser/chat.spec.mjs
//
// Needs: `npm ci` in tests/browser/ (playwright-core, Node 20+) and Debian's Chromium
// (`apt-get install -y chromium`, at /usr/bin/chromium or CHROMIUM_PATH).
// Exit code 0 = pass, 1 = fail (the reason is printed on stderr).

import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const URL = process.env.APP_URL;
const SCREENSHOT = process.env.SCREENSHOT_PATH || 'chat.png';
const ARTICLE = process.env.ARTICLE_PATH || '';
const QUESTION = process.env.QUESTION || 'What did Putin tell the FSB?';
const ANSWER_TIMEOUT_MS = Number(process.env.ANSWER_TIMEOUT_MS || 120000);
const EXECUTABLE = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const squash = (s) => s.replace(/\s+/g, ' ').trim();

async function main() {
  if (!URL) throw new Error('Set APP_URL to the address of the running app, e.g. http://127.0.0.1:7860/');
  const browser = await chromium.launch({
    executablePath: EXECUTABLE,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--disable-quic', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    // Not 'networkidle': the page keeps a connection to the server open.
    await page.goto(URL, { waitUntil: 'domcontentloaded', timeout: 60000 });
    const box = page.getByPlaceholder('Ask about your articles…');
    await box.waitFor({ state: 'visible', timeout: 60000 });
    const textarea = await box.elementHandle(); // Gradio blanks the placeholder once a message is sent
    await box.fill(QUESTION);
    await box.press('Enter');

    // The user's message shows up, then the bot's answer streams in; done when it has Sources.
    await page.locator('[data-testid="user"]').filter({ hasText: QUESTION }).first().waitFor({ timeout: 30000 });
    const answer = page.locator('[data-testid="bot"]').last();
    await answer.locator('strong', { hasText: 'Sources' }).waitFor({ timeout: ANSWER_TIMEOUT_MS });
    // The streamed text is final once the textbox is usable again.
    await page.waitForFunction((t) => !t.disabled, textarea, { timeout: ANSWER_TIMEOUT_MS });

    const text = await answer.innerText();
    if (text.includes('The articles do not say')) throw new Error(`The app refused to answer:\n${text}`);
    if (/&#\d+;|&amp;|<mark>/.test(text)) throw new Error(`Raw HTML/entities are shown to the user:\n${text}`);

    // Each source quote is shown highlighted (<mark>) and is the article's own words.
    const quotes = (await answer.locator('blockquote mark').allInnerTexts()).map(squash).filter(Boolean);
    if (quotes.length === 0) throw new Error(`No highlighted quote in the answer:\n${text}`);
    if (ARTICLE) {
      const article = squash(readFileSync(ARTICLE, 'utf8'));
      const fromArticle = quotes.filter((q) => article.includes(q));
      if (fromArticle.length === 0) throw new Error(`None of the quotes is from ${ARTICLE}:\n${quotes.join('\n')}`);
    } else if (!quotes.some((q) => /FSB|Putin|Security Service/.test(q))) {
      throw new Error(`No quote mentions Putin or the FSB:\n${quotes.join('\n')}`);
    }
    await answer.scrollIntoViewIfNeeded();
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    if (errors.length) throw new Error(`JavaScript errors on the page:\n${errors.join('\n')}`);
    console.log(`OK: ${quotes.length} highlighted quote(s); screenshot ${SCREENSHOT}`);
  } catch (e) {
    await page.screenshot({ path: SCREENSHOT, fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await browser.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`FAIL: ${e && e.stack ? e.stack : e}`);
    process.exit(1);
  },
);
