// @vitest-environment happy-dom
// The options page: every enabled site with its developer endpoint, and settings export/import.
// Only popup/api.ts (messaging to the background) is mocked.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SiteView } from '../../src/messages/index.ts';
import { answerWith, mockedApi, never } from '../support/popup-mock.ts';

vi.mock('../../popup/api.ts', () => import('../support/popup-mock.ts').then((m) => m.apiModule()));
const api = await mockedApi();
const { Options } = await import('../../popup/options.tsx');

const site = (origin: string, over: Partial<SiteView> = {}): SiteView => ({
  origin,
  enabled: true,
  policy: 'always',
  clients: [],
  users: [],
  ...over,
});

function chooseFile(input: HTMLElement, text: string): void {
  const file = new File([text], 'settings.json', { type: 'application/json' });
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  fireEvent.change(input);
}

beforeEach(() => vi.resetAllMocks());
afterEach(cleanup);

describe('options page', () => {
  it('shows skeletons while loading and an empty state without sites', async () => {
    answerWith(api, { 'sites.list': never, 'vault.list': () => [], 'activity.list': () => [] });
    render(<Options />);
    expect(document.querySelectorAll('.skeleton').length).toBeGreaterThan(0);
    cleanup();
    answerWith(api, { 'sites.list': () => [], 'vault.list': () => [], 'activity.list': () => [] });
    render(<Options />);
    await screen.findByText(/No site is enabled yet/);
  });

  it('turns "This site manages its own devices" on and off with the request the background takes', async () => {
    const s = site('https://a.example');
    answerWith(api, {
      'sites.list': () => [{ ...s }],
      'vault.list': () => [],
      'activity.list': () => [],
      'site.setManagesDevices': (r) => {
        if (r.managesDevices) s.managesDevices = { since: 1, reason: 'chosen in the extension' };
        else delete s.managesDevices;
        return { ...s };
      },
    });
    render(<Options />);
    const box = (await screen.findByLabelText('This site manages its own devices')) as HTMLInputElement;
    expect(box.checked).toBe(false);
    fireEvent.click(box);
    await waitFor(() => expect(box.checked).toBe(true));
    expect(api.ask).toHaveBeenCalledWith({
      type: 'site.setManagesDevices',
      origin: 'https://a.example',
      managesDevices: true,
    });
    fireEvent.click(box);
    await waitFor(() => expect(box.checked).toBe(false));
    expect(api.ask).toHaveBeenCalledWith({
      type: 'site.setManagesDevices',
      origin: 'https://a.example',
      managesDevices: false,
    });
  });

  it('saves a custom endpoint per site after checking it, and clears it when emptied', async () => {
    const sites = [
      site('https://a.example'),
      site('https://b.example', { customEndpoint: 'http://127.0.0.1:9229/' }),
    ];
    answerWith(api, {
      'sites.list': () => sites.map((s) => ({ ...s })),
      'vault.list': () => [],
      'activity.list': () => [],
      'site.setEndpoint': (r) => {
        const s = sites.find((x) => x.origin === r.origin)!;
        if (r.endpoint) s.customEndpoint = r.endpoint;
        else delete s.customEndpoint;
        return s;
      },
    });
    render(<Options />);
    const [a, b] = await screen.findAllByTestId('options-site');
    const inputA = within(a!).getByLabelText(/Custom Cognito endpoint/) as HTMLInputElement;
    expect((within(b!).getByTestId('endpoint-input') as HTMLInputElement).value).toBe(
      'http://127.0.0.1:9229/',
    );

    fireEvent.input(inputA, { target: { value: 'ftp://user:pw@host' } });
    fireEvent.click(within(a!).getByTestId('endpoint-save'));
    await within(a!).findByText(/^Enter an https:\/\/ URL \(http:\/\/ only for this computer/);
    expect(api.ask).not.toHaveBeenCalledWith(expect.objectContaining({ type: 'site.setEndpoint' }));

    fireEvent.input(inputA, { target: { value: 'http://localhost:9229' } });
    fireEvent.click(within(a!).getByTestId('endpoint-save'));
    await within(a!).findByText('Saved.');
    expect(api.ask).toHaveBeenCalledWith({
      type: 'site.setEndpoint',
      origin: 'https://a.example',
      endpoint: 'http://localhost:9229',
    });

    const inputB = within(b!).getByTestId('endpoint-input');
    fireEvent.input(inputB, { target: { value: '' } });
    fireEvent.click(within(b!).getByTestId('endpoint-save'));
    await waitFor(() =>
      expect(api.ask).toHaveBeenCalledWith({ type: 'site.setEndpoint', origin: 'https://b.example' }),
    );
  });

  it('rejects an invalid settings file without sending it', async () => {
    answerWith(api, { 'sites.list': () => [], 'vault.list': () => [], 'activity.list': () => [] });
    render(<Options />);
    const input = await screen.findByLabelText('Import settings from a file');
    for (const text of [
      'not json',
      JSON.stringify({
        format: 'device-companion-settings',
        version: 1,
        sites: [{ origin: 'x', policy: 'ask' }],
      }),
      JSON.stringify({
        format: 'device-companion-settings',
        version: 1,
        sites: [{ origin: 'https://a.example', policy: 'ask', devicePassword: 'secret' }],
      }),
      JSON.stringify({
        format: 'device-companion-settings',
        version: 1,
        sites: [{ origin: 'https://*.example.com', policy: 'always' }],
      }),
    ]) {
      chooseFile(input, text);
      expect((await screen.findByTestId('popup-error')).textContent).toContain(
        'This file is not a valid settings export.',
      );
    }
    expect(api.ask).not.toHaveBeenCalledWith(expect.objectContaining({ type: 'settings.preview' }));
    expect(api.ask).not.toHaveBeenCalledWith(expect.objectContaining({ type: 'settings.import' }));
  });

  it('shows what a file changes, imports only on confirmation, and offers access for sites that need it', async () => {
    const settings = {
      format: 'device-companion-settings',
      version: 1,
      sites: [
        { origin: 'https://a.example', policy: 'never' },
        { origin: 'https://new.example', policy: 'ask', customEndpoint: 'http://127.0.0.1:9229/' },
      ],
    };
    let granted = false;
    answerWith(api, {
      'sites.list': () => [],
      'vault.list': () => [],
      'activity.list': () => [],
      'settings.preview': () => ({
        changes: [
          {
            origin: 'https://a.example',
            kind: 'update',
            policy: { from: 'ask', to: 'never' },
            needsAccess: false,
          },
          {
            origin: 'https://new.example',
            kind: 'add',
            policy: { to: 'ask' },
            endpoint: { to: 'http://127.0.0.1:9229/' },
            needsAccess: true,
          },
        ],
      }),
      'settings.import': () =>
        granted
          ? { applied: ['https://a.example', 'https://new.example'], needsAccess: [] }
          : { applied: ['https://a.example'], needsAccess: ['https://new.example'] },
    });
    api.requestSiteAccess.mockImplementation(async () => {
      granted = true;
      return true;
    });
    render(<Options />);
    chooseFile(await screen.findByLabelText('Import settings from a file'), JSON.stringify(settings));
    const preview = await screen.findByTestId('import-preview');
    expect(preview.textContent).toContain('Change https://a.example · Policy: Ask me → Never');
    expect(within(preview).getByTestId('import-endpoint-change').textContent).toBe(
      'Sign-ins will be sent to http://127.0.0.1:9229/',
    );
    expect(within(preview).getByRole('alert').textContent).toContain('changes where your sign-ins');
    expect(api.ask).not.toHaveBeenCalledWith(expect.objectContaining({ type: 'settings.import' }));
    fireEvent.click(within(preview).getByTestId('import-confirm'));
    const result = await screen.findByTestId('import-result');
    expect(result.textContent).toContain('Imported settings for 1 site(s).');
    expect(result.textContent).toContain('https://new.example');
    expect(api.ask).toHaveBeenCalledWith({ type: 'settings.import', settings });
    fireEvent.click(within(result).getByTestId('import-grant'));
    await waitFor(() => expect(screen.getByTestId('import-result').textContent).toContain('2 site(s)'));
    expect(api.requestSiteAccess).toHaveBeenCalledWith(['https://new.example']);
  });
});
