// `npm run store:assets`: the store listings' images, made from the real extension. The test build
// runs in Chromium against the loopback emulator and demo sites (as the e2e suites and the tour
// do); each screenshot shows the real demo page and the real popup, framed at the stores' size with
// the toolbar button as the background sets it. Writes store/screenshots/*.png (1280×800) and
// store/promo/small-tile.png (440×280). `--no-build` reuses dist/chrome-test and demo/dist.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { TOOLBAR_LOOKS, type ToolbarState } from '../background/toolbar/state.ts';
import { type ChromiumWithExtension, launchChromiumWithExtension } from '../dev/chromium.ts';
import { signedOutPage, signInAnsweringMfa } from '../dev/demo-page.ts';
import { ALICE, DEMO_POOL, ERIN } from '../dev/demo-sites/fixtures.ts';
import { enableSiteInPopup } from '../dev/extension.ts';
import { createRemoteDevice, openPopup, toolbarOf } from '../dev/popup.ts';
import { type Stack, startStack } from '../dev/stack.ts';
import messages from '../public/_locales/en/messages.json' with { type: 'json' };
import { iconPath } from '../src/icon-paths.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
export const SCREENSHOT_DIR = join(root, 'store', 'screenshots');
export const PROMO_DIR = join(root, 'store', 'promo');
/** The size both stores take for screenshots, and Chrome's small promo tile. */
export const SCREENSHOT_SIZE = { width: 1280, height: 800 };
export const SMALL_TILE_SIZE = { width: 440, height: 280 };

/** The demo page as it is drawn inside the frame, scaled to fit. */
const PAGE_VIEWPORT = { width: 1100, height: 700 };

interface Shot {
  name: string;
  headline: string;
  text: string;
  page: Buffer;
  pageUrl: string;
  popup: Buffer;
  toolbar: ToolbarState;
}

const dataUrl = (png: Buffer) => `data:image/png;base64,${png.toString('base64')}`;
const htmlText = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

function iconUrl(size: 16 | 32 | 48 | 128, variant: 'on' | 'off' = 'on'): string {
  return dataUrl(readFileSync(join(root, 'dist', 'chrome-test', iconPath(size, variant))));
}

/** The popup as the person sees it: only as tall as its content. */
async function popupShot(popup: Page): Promise<Buffer> {
  await popup.waitForLoadState('networkidle');
  // Measured in a short viewport, so a page filling the viewport reports its content's height.
  await popup.setViewportSize({ width: 360, height: 100 });
  const height = await popup.evaluate(() => Math.ceil(document.documentElement.scrollHeight));
  await popup.setViewportSize({ width: 360, height: Math.min(Math.max(height, 120), 600) });
  return popup.screenshot();
}

async function pageShot(page: Page): Promise<Buffer> {
  await page.setViewportSize(PAGE_VIEWPORT);
  return page.screenshot();
}

const FRAME_CSS = `
  * { box-sizing: border-box; }
  body { margin: 0; width: 1280px; height: 800px; overflow: hidden; font-family: system-ui, "DejaVu Sans", sans-serif;
         background: linear-gradient(135deg, #eaf1fd 0%, #f6f8fb 55%, #e8eef8 100%); color: #0f172a; }
  .copy { position: absolute; left: 56px; top: 0; bottom: 0; width: 330px; display: flex; flex-direction: column; justify-content: center; }
  .brand { display: flex; align-items: center; gap: 10px; font-weight: 600; color: #1d4ed8; margin-bottom: 28px; font-size: 17px; }
  h1 { font-size: 38px; line-height: 1.15; margin: 0 0 18px; letter-spacing: -0.01em; }
  p { font-size: 19px; line-height: 1.45; margin: 0; color: #334155; }
  .window { position: absolute; left: 420px; top: 70px; width: 820px; height: 660px; border-radius: 12px; overflow: hidden;
            background: #fff; box-shadow: 0 18px 50px rgba(15, 23, 42, .22), 0 0 0 1px rgba(15, 23, 42, .08); }
  .bar { height: 44px; background: #dee3ea; display: flex; align-items: center; gap: 10px; padding: 0 12px; }
  .dots span { display: inline-block; width: 11px; height: 11px; border-radius: 50%; margin-right: 6px; background: #b8c0cc; }
  .url { flex: 1; height: 28px; border-radius: 14px; background: #fff; font-size: 13px; color: #334155; display: flex; align-items: center; padding: 0 14px; }
  .action { position: relative; width: 28px; height: 28px; border-radius: 6px; background: #cdd5e0; display: grid; place-items: center; }
  .badge { position: absolute; right: -6px; bottom: -4px; min-width: 16px; height: 16px; border-radius: 8px; padding: 0 4px;
           color: #fff; font: 700 11px/16px system-ui, "DejaVu Sans", sans-serif; text-align: center; }
  .content { position: absolute; top: 44px; left: 0; right: 0; bottom: 0; overflow: hidden; }
  .content img { width: 820px; display: block; }
  .popup { position: absolute; top: 48px; right: 8px; width: 360px; border-radius: 8px; overflow: hidden;
           box-shadow: 0 12px 32px rgba(15, 23, 42, .28), 0 0 0 1px rgba(15, 23, 42, .12); background: #fff; }
  .popup img { display: block; width: 360px; }
`;

function frameHtml(shot: Shot): string {
  const look = TOOLBAR_LOOKS[shot.toolbar];
  const badge = look.badge
    ? `<span class="badge" style="background:${look.color}">${htmlText(look.badge)}</span>`
    : '';
  return `<!doctype html><html><head><meta charset="utf-8"><style>${FRAME_CSS}</style></head><body>
    <div class="copy">
      <div class="brand"><img src="${iconUrl(32)}" width="28" height="28" alt="">Device Companion for Amazon Cognito</div>
      <h1>${htmlText(shot.headline)}</h1>
      <p>${htmlText(shot.text)}</p>
    </div>
    <div class="window">
      <div class="bar">
        <span class="dots"><span></span><span></span><span></span></span>
        <span class="url">${htmlText(shot.pageUrl)}</span>
        <span class="action"><img src="${iconUrl(32, look.icon)}" width="16" height="16" alt="">${badge}</span>
      </div>
      <div class="content"><img src="${dataUrl(shot.page)}" alt=""></div>
      <div class="popup"><img src="${dataUrl(shot.popup)}" alt=""></div>
    </div>
  </body></html>`;
}

function tileHtml(): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>
    body { margin: 0; width: 440px; height: 280px; overflow: hidden; font-family: system-ui, "DejaVu Sans", sans-serif;
           background: linear-gradient(135deg, #1d4ed8 0%, #1e40af 60%, #172554 100%); color: #fff;
           display: flex; align-items: center; gap: 22px; padding: 0 34px; box-sizing: border-box; }
    h1 { font-size: 27px; line-height: 1.15; margin: 0 0 10px; }
    p { font-size: 16px; line-height: 1.35; margin: 0; color: #dbeafe; }
  </style></head><body>
    <img src="${iconUrl(128)}" width="120" height="120" alt="">
    <div><h1>Device Companion</h1><p>Remember this browser on your Cognito sites. Skip the code next time.</p></div>
  </body></html>`;
}

async function render(
  chromium: ChromiumWithExtension,
  html: string,
  size: { width: number; height: number },
) {
  const page = await chromium.context.newPage();
  try {
    await page.setViewportSize(size);
    await page.setContent(html);
    await page.evaluate(() => Promise.all([...document.images].map((img) => img.decode())));
    return await page.screenshot();
  } finally {
    await page.close();
  }
}

/** The state the background set on the tab of `page`, recognised by its tooltip (waits for it to settle). */
async function toolbarStateOf(chromium: ChromiumWithExtension, page: Page): Promise<ToolbarState> {
  let last = '';
  for (let attempt = 0; attempt < 50; attempt++) {
    const { badge, title } = await toolbarOf(chromium, page);
    const state = (Object.keys(TOOLBAR_LOOKS) as ToolbarState[]).find(
      (s) =>
        messages[TOOLBAR_LOOKS[s].title as keyof typeof messages].message === title &&
        TOOLBAR_LOOKS[s].badge === badge,
    );
    if (state && `${badge}${title}` === last) return state;
    last = `${badge}${title}`;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the toolbar of ${page.url()} shows no known state ("${last}")`);
}

/** The story the screenshots tell, run against the emulator: each step returns one shot. */
async function takeShots(stack: Stack, chromium: ChromiumWithExtension): Promise<Shot[]> {
  const site = new URL(stack.amplifyUrl).origin;
  const shots: Shot[] = [];
  const capture = async (
    page: Page,
    view: 'site' | 'browser' | 'activity',
    copy: Pick<Shot, 'name' | 'headline' | 'text'>,
  ) => {
    const toolbar = await toolbarStateOf(chromium, page);
    const popup = await openPopup(chromium, site, view);
    shots.push({
      ...copy,
      page: await pageShot(page),
      pageUrl: page.url(),
      popup: await popupShot(popup),
      toolbar,
    });
    await popup.close();
  };

  const page = await signedOutPage(chromium.context, stack.amplifyUrl);
  await capture(page, 'site', {
    name: '1-enable-a-site',
    headline: 'Only the sites you choose',
    text: 'Enable the extension on the site you sign in to. The browser asks for access to that one site; every other site is left alone.',
  });

  await enableSiteInPopup(chromium, site);
  await page.reload();
  await signInAnsweringMfa(page, ALICE, stack.totp);
  await page.evaluate(() => window.__demo.signOut());
  await signInAnsweringMfa(page, ALICE, stack.totp);
  await capture(page, 'site', {
    name: '2-no-code-next-time',
    headline: 'Password, and you are in',
    text: 'After one sign-in with your code, this browser is a remembered Cognito device: next time the second factor is skipped.',
  });

  const optIn = await signedOutPage(chromium.context, `${stack.amplifyUrl}?pool=optin`);
  await signInAnsweringMfa(optIn, ERIN, stack.totp);
  await capture(optIn, 'site', {
    name: '3-you-decide',
    headline: 'Remember this browser? You decide',
    text: 'Where the site lets people choose, the extension asks you, or follows the rule you set for the site.',
  });
  const answer = await openPopup(chromium, site);
  await answer.getByTestId('prompt-yes').click();
  await answer.getByTestId('prompt').waitFor({ state: 'detached' });
  await answer.close();
  await optIn.close();

  await capture(page, 'browser', {
    name: '4-devices-in-this-browser',
    headline: 'The secret stays in the extension',
    text: 'Device secrets never enter the web page. See every device kept here, and remove any of them.',
  });
  await page.close();
  return shots;
}

export async function makeStoreAssets(options: { build: boolean }): Promise<string[]> {
  if (options.build) execFileSync('npm', ['run', 'build:test', '--silent'], { cwd: root, stdio: 'inherit' });
  const stack = await startStack();
  const chromium = await launchChromiumWithExtension();
  const written: string[] = [];
  try {
    // A second device of the account, so the popup's device list shows more than this browser.
    await createRemoteDevice(stack.emulatorUrl, DEMO_POOL, ALICE, 'Work laptop', stack.totp);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    mkdirSync(PROMO_DIR, { recursive: true });
    for (const shot of await takeShots(stack, chromium)) {
      const file = join(SCREENSHOT_DIR, `${shot.name}.png`);
      writeFileSync(file, await render(chromium, frameHtml(shot), SCREENSHOT_SIZE));
      written.push(file);
    }
    const tile = join(PROMO_DIR, 'small-tile.png');
    writeFileSync(tile, await render(chromium, tileHtml(), SMALL_TILE_SIZE));
    written.push(tile);
  } finally {
    await chromium.close();
    await stack.close();
  }
  return written;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const written = await makeStoreAssets({ build: !process.argv.includes('--no-build') });
  for (const file of written) console.log(file.slice(root.length));
}
