// @vitest-environment happy-dom
// "Remember this browser for N days" in the popup, the options page and the import preview.
// Only popup/api.ts (messaging to the background) is mocked.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { SHOP, shopSite } from '../support/popup-data.ts';
import { answerWith, freshPopupEachTest, mockedApi } from '../support/popup-mock.ts';

vi.mock('../../popup/api.ts', () => import('../support/popup-mock.ts').then((m) => m.apiModule()));
const api = await mockedApi();
const { App } = await import('../../popup/app.tsx');
const { Options } = await import('../../popup/options.tsx');

const ORIGIN = SHOP.origin;
const site = shopSite({ clients: [], users: [] });

freshPopupEachTest(api, SHOP.tab);

describe('trust lifetime in the popup', () => {
  it('defaults to no limit, sets a number of days and lifts it again', async () => {
    answerWith(api, {
      'vault.list': () => [],
      'site.doctor': () => [],
      'site.status': () => site,
      'site.setTrustDays': (r) => (r.trustDays === undefined ? site : { ...site, trustDays: r.trustDays }),
    });
    render(<App />);
    const select = (await screen.findByLabelText('Remember this browser for')) as HTMLSelectElement;
    expect(select.value).toBe('');
    expect(select.selectedOptions[0]?.textContent).toBe('No limit (as Cognito)');
    fireEvent.change(select, { target: { value: '30' } });
    await waitFor(() => expect(select.value).toBe('30'));
    expect(api.ask).toHaveBeenCalledWith({ type: 'site.setTrustDays', origin: ORIGIN, trustDays: 30 });
    fireEvent.change(select, { target: { value: '' } });
    await waitFor(() => expect(api.ask).toHaveBeenCalledWith({ type: 'site.setTrustDays', origin: ORIGIN }));
    await waitFor(() => expect(select.value).toBe(''));
  });

  it('shows a value set elsewhere (a file, the administrator) that is not one of its choices', async () => {
    answerWith(api, {
      'vault.list': () => [],
      'site.doctor': () => [],
      'site.status': () => ({ ...site, trustDays: 45 }),
    });
    render(<App />);
    const select = (await screen.findByLabelText('Remember this browser for')) as HTMLSelectElement;
    await waitFor(() => expect(select.value).toBe('45'));
    expect(select.selectedOptions[0]?.textContent).toBe('45 days');
  });

  it('says the term is over instead of promising a skipped code', async () => {
    answerWith(api, {
      'vault.list': () => [
        {
          poolId: 'us-east-1_P',
          username: 'amy',
          deviceKey: 'k',
          deviceName: 'Chrome on Linux',
          status: 'remembered',
          origin: ORIGIN,
          createdAt: 0,
        },
      ],
      'site.doctor': () => [
        { code: 'trust-ended', severity: 'action', poolId: 'us-east-1_P', username: 'amy', detail: '30' },
      ],
      'site.status': () => ({ ...site, trustDays: 30 }),
    });
    render(<App />);
    await waitFor(() =>
      expect(screen.getByTestId('summary-title').textContent).toBe(
        'Trust for this browser ended — next sign-in asks for the code',
      ),
    );
    const finding = await screen.findByTestId('finding');
    expect(finding.dataset.code).toBe('trust-ended');
    expect(finding.textContent).toContain('for 30 days from its enrolment');
  });
});

describe('trust lifetime on the options page', () => {
  it('is set per site, and the import preview lists a changed trust lifetime', async () => {
    answerWith(api, {
      'sites.list': () => [{ ...site, trustDays: 30 }],
      'vault.list': () => [],
      'activity.list': () => [],
      'settings.preview': () => ({
        changes: [{ origin: ORIGIN, kind: 'update', trustDays: { from: 30, to: 7 }, needsAccess: false }],
      }),
    });
    render(<Options />);
    const select = (await screen.findByLabelText('Remember this browser for')) as HTMLSelectElement;
    expect(select.value).toBe('30');
    const input = await screen.findByLabelText('Import settings from a file');
    const text = JSON.stringify({
      format: 'device-companion-settings',
      version: 1,
      sites: [{ origin: ORIGIN, policy: 'ask', trustDays: 7 }],
    });
    Object.defineProperty(input, 'files', {
      value: [new File([text], 'settings.json', { type: 'application/json' })],
      configurable: true,
    });
    fireEvent.change(input);
    const preview = await screen.findByTestId('import-preview');
    expect(within(preview).getByTestId('import-trust-change').textContent).toBe(
      ' · Remember for: 30 days → 7 days',
    );
  });
});
