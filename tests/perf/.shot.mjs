import { chromium } from '@playwright/test';
const [,, url, out, w = '1366', h = '768', locale = 'zh-cn'] = process.argv;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const ctx = await browser.newContext({ viewport: { width: Number(w), height: Number(h) } });
  await ctx.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url }]);
  const page = await ctx.newPage();
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log('console:', m.text()); });
  page.on('pageerror', (e) => console.log('pageerror:', e.message));
  await page.goto(url);
  await page.waitForTimeout(2500);
  console.log('ready charts', await page.locator('[data-chart-ready="true"]').count());
  await page.screenshot({ path: out, fullPage: true });
} finally { await browser.close(); }
