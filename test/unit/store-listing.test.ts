// The store listings under store/: the texts fit the stores' limits, justify every permission the
// manifest asks for, and agree with the manifest; the images have the sizes the stores take.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import sourceManifest from '../../manifest.json' with { type: 'json' };
import messages from '../../public/_locales/en/messages.json' with { type: 'json' };
import { pngFileSize } from '../../scripts/png-size.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The text under "## heading" up to the next "## ", trimmed. */
function section(markdown: string, heading: string): string {
  const lines = markdown.split('\n');
  const start = lines.indexOf(`## ${heading}`);
  if (start < 0) throw new Error(`no "## ${heading}" section`);
  const end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  return lines
    .slice(start + 1, end < 0 ? undefined : end)
    .join('\n')
    .trim();
}

const chrome = readFileSync(join(root, 'store/chrome-web-store.md'), 'utf8');
const amo = readFileSync(join(root, 'store/addons-mozilla-org.md'), 'utf8');
const privacy = readFileSync(join(root, 'PRIVACY.md'), 'utf8');
const askedFor = [...sourceManifest.permissions, ...sourceManifest.optional_host_permissions];

describe('Chrome Web Store listing', () => {
  it('names the extension as the manifest does', () => {
    expect(section(chrome, 'Name')).toBe(messages.extensionName.message);
  });

  it('has a summary within the 132 characters Chrome allows, the manifest description itself', () => {
    const summary = section(chrome, 'Summary');
    expect(summary.length).toBeLessThanOrEqual(132);
    expect(summary).toBe(messages.extensionDescription.message);
  });

  it('states a single purpose and justifies every permission the manifest asks for', () => {
    expect(section(chrome, 'Single purpose').length).toBeGreaterThan(50);
    const justification = section(chrome, 'Permission justification');
    for (const permission of sourceManifest.permissions) expect(justification).toContain(`### ${permission}`);
    for (const pattern of sourceManifest.optional_host_permissions) expect(justification).toContain(pattern);
  });

  it('discloses that nothing leaves the browser but the Cognito calls the site makes', () => {
    expect(section(chrome, 'Remote code')).toMatch(/^No\./);
    expect(section(chrome, 'Data usage')).toMatch(/Nothing leaves the browser except the Cognito calls/);
  });
});

describe('addons.mozilla.org listing', () => {
  it('has a name and a summary within the 250 characters AMO allows', () => {
    expect(section(amo, 'Name')).toBe(messages.extensionName.message);
    expect(section(amo, 'Summary').length).toBeLessThanOrEqual(250);
  });

  it('explains every permission and declares the data collection the manifest declares', () => {
    const permissions = section(amo, 'Permissions, as shown to the person');
    for (const permission of askedFor) expect(permissions).toContain(permission);
    const declared = sourceManifest.browser_specific_settings.gecko.data_collection_permissions.required;
    expect(
      section(
        amo,
        `Data collection (manifest: \`data_collection_permissions.required = ${JSON.stringify(declared)}\`)`,
      ),
    ).toContain('collects nothing');
  });
});

describe('PRIVACY.md', () => {
  it('says what leaves the browser and how to remove what is kept', () => {
    expect(privacy).toContain('Nothing else leaves the browser');
    expect(privacy).toContain('## Removing your data');
  });
});

describe('listing images (npm run store:assets)', () => {
  it('has 1 to 5 screenshots, each 1280×800, for both stores', () => {
    const dir = join(root, 'store/screenshots');
    const shots = readdirSync(dir).filter((f) => f.endsWith('.png'));
    // Chrome shows at most five; both stores take 1280×800.
    expect(shots.length).toBeGreaterThanOrEqual(1);
    expect(shots.length).toBeLessThanOrEqual(5);
    for (const shot of shots)
      expect(pngFileSize(join(dir, shot)), shot).toEqual({ width: 1280, height: 800 });
  });

  it("has Chrome's small promo tile at 440×280", () => {
    expect(pngFileSize(join(root, 'store/promo/small-tile.png'))).toEqual({ width: 440, height: 280 });
  });

  it('reads PNG headers, and refuses what is not a PNG', () => {
    expect(() => pngFileSize(join(root, 'store/chrome-web-store.md'))).toThrow(/not a PNG/);
  });
});
