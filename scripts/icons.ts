// The toolbar and store icons: public/icons/icon.svg (the one source) → PNGs at every size the
// manifest declares, in colour and in grey (the "not enabled on this site" toolbar state).
// Rasterised by Chromium through playwright-core, the browser the e2e suites already need, so a
// fresh machine needs nothing beyond `npm ci` and the apt chromium. The PNGs are build output
// (git-ignored); they are redrawn only when the SVG or this script is newer than them.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { findChromium } from '../dev/find-browser.ts';
import { ICON_SIZES, type IconSize, type IconVariant, iconPath, TOOLBAR_SIZES } from '../src/icon-paths.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
export const ICON_DIR = join(root, 'public', 'icons');
export const ICON_SOURCE = join(ICON_DIR, 'icon.svg');

/** Grey, and a little lighter on the page, so "not enabled here" reads at a glance on either toolbar. */
const OFF_FILTER = 'grayscale(1) opacity(0.7)';

/**
 * The 128 px icon is the store's: Chrome asks for a 96 px mark with 16 px of transparent padding per
 * side ("Supplying Images", developer.chrome.com/docs/webstore/images). Toolbar sizes fill the square.
 */
function drawnSize(size: IconSize): number {
  return size === 128 ? 96 : size;
}

function renders(): { size: IconSize; variant: IconVariant }[] {
  return [
    ...ICON_SIZES.map((size) => ({ size, variant: 'on' as const })),
    ...TOOLBAR_SIZES.map((size) => ({ size, variant: 'off' as const })),
  ];
}

function outputs(): string[] {
  return renders().map(({ size, variant }) => join(root, 'public', iconPath(size, variant)));
}

/** The inputs whose change redraws the icons: the SVG, this script and the file naming. */
const INPUTS = [ICON_SOURCE, fileURLToPath(import.meta.url), join(root, 'src', 'icon-paths.ts')];

function upToDate(): boolean {
  const newestInput = Math.max(...INPUTS.map((file) => statSync(file).mtimeMs));
  return outputs().every((file) => existsSync(file) && statSync(file).mtimeMs >= newestInput);
}

/** Draws the PNGs unless they are newer than their source. Returns the files written. */
export async function ensureIcons(force = false): Promise<string[]> {
  if (!force && upToDate()) return [];
  const svg = readFileSync(ICON_SOURCE, 'utf8');
  const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  const browser = await chromium.launch({ executablePath: findChromium(), headless: true });
  const written: string[] = [];
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    for (const { size, variant } of renders()) {
      await page.setViewportSize({ width: size, height: size });
      const filter = variant === 'off' ? `filter:${OFF_FILTER};` : '';
      const drawn = drawnSize(size);
      const margin = (size - drawn) / 2;
      await page.setContent(
        `<html><body style="margin:0;background:transparent"><img src="${src}" width="${drawn}" height="${drawn}" style="display:block;margin:${margin}px;${filter}"></body></html>`,
      );
      await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
      const file = join(root, 'public', iconPath(size, variant));
      writeFileSync(file, await page.screenshot({ omitBackground: true, type: 'png' }));
      written.push(file);
    }
  } finally {
    await browser.close();
  }
  return written;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const written = await ensureIcons(process.argv.includes('--force'));
  console.log(written.length ? written.map((f) => f.slice(root.length)).join('\n') : 'icons up to date');
}
