// @vitest-environment happy-dom
// The popup's "This site" view. Only popup/api.ts (messaging to the background) is mocked.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { SiteView } from '../../src/messages/index.ts';
import { remoteDevices, SHOP, shopDevice, shopSite } from '../support/popup-data.ts';
import { answerWith, freshPopupEachTest, mockedApi, never } from '../support/popup-mock.ts';

vi.mock('../../popup/api.ts', () => import('../support/popup-mock.ts').then((m) => m.apiModule()));
const api = await mockedApi();
const { App } = await import('../../popup/app.tsx');

const ORIGIN = SHOP.origin;
const POOL = SHOP.pool;
const enabled = shopSite();
const notEnabled: SiteView = { origin: ORIGIN, enabled: false, policy: 'ask', clients: [], users: [] };
const localAlice = shopDevice();
const remote = (n: number) =>
  remoteDevices(n, (i) => ({
    lastIp: `10.0.0.${i}`,
    lastAuthenticatedAt: Math.floor(Date.now() / 1000) - 3600 * (i + 1),
  }));

freshPopupEachTest(api, SHOP.tab);

describe('popup, this site', () => {
  it('shows skeletons (and a status for screen readers) while the background has not answered', () => {
    answerWith(api, { 'vault.list': never, 'site.doctor': () => [], 'site.status': never });
    const { container } = render(<App />);
    expect(container.querySelectorAll('.skeleton').length).toBeGreaterThan(0);
    expect(screen.getByRole('status').textContent).toBe('Loading…');
    expect(screen.queryByTestId('site-enable')).toBeNull();
  });

  it('says so when the tab is not a web site', async () => {
    api.currentTab.mockResolvedValue({ tabId: 3 });
    answerWith(api, { 'vault.list': () => [] });
    render(<App />);
    await screen.findByText('Open a web site in this tab to enable it.');
  });

  it('enables a site: asks for exactly that origin in the click, then offers to reload the tab', async () => {
    let site = notEnabled;
    answerWith(api, {
      'vault.list': () => [],
      'site.doctor': () => [],
      'site.status': () => site,
      'site.enable': (r) => {
        site = { ...enabled, origin: r.origin, clients: [], users: [] };
        return site;
      },
    });
    api.requestSiteAccess.mockResolvedValue(true);
    render(<App />);
    fireEvent.click(await screen.findByTestId('site-enable'));
    await screen.findByTestId('site-disable');
    expect(api.requestSiteAccess).toHaveBeenCalledWith(ORIGIN);
    expect(screen.getByTestId('site-state').textContent).toContain('Enabled');
    fireEvent.click(screen.getByTestId('reload-tab'));
    await waitFor(() => expect(api.reloadTab).toHaveBeenCalledWith(7));
  });

  it('reports a refused permission and stays disabled', async () => {
    answerWith(api, { 'vault.list': () => [], 'site.doctor': () => [], 'site.status': () => notEnabled });
    api.requestSiteAccess.mockResolvedValue(false);
    render(<App />);
    fireEvent.click(await screen.findByTestId('site-enable'));
    expect((await screen.findByTestId('popup-error')).textContent).toContain(
      'Access to the site was not granted.',
    );
    expect(api.ask).not.toHaveBeenCalledWith(expect.objectContaining({ type: 'site.enable' }));
  });

  it('shows pools, clients, the signed-in user and their devices with this browser marked', async () => {
    answerWith(api, {
      'vault.list': () => [localAlice],
      'site.doctor': () => [],
      'site.status': () => enabled,
      'devices.list': () => remote(2),
    });
    render(<App />);
    const rows = await screen.findAllByTestId('device-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByTestId('this-browser')).toBeTruthy();
    expect(within(rows[1]!).queryByTestId('this-browser')).toBeNull();
    expect(rows[1]!.textContent).toContain('Laptop 1');
    expect(rows[1]!.textContent).toContain('IP 10.0.0.1');
    expect(rows[1]!.textContent).toMatch(/Last used 2 hours ago/);
    expect(screen.getByTestId('site-clients').textContent).toContain(POOL);
    expect(screen.getByRole('heading', { name: 'Devices of alice' })).toBeTruthy();
  });

  it('lists many devices', async () => {
    answerWith(api, {
      'vault.list': () => [localAlice],
      'site.doctor': () => [],
      'site.status': () => enabled,
      'devices.list': () => remote(60),
    });
    render(<App />);
    await waitFor(() => expect(screen.getAllByTestId('device-row')).toHaveLength(60));
  });

  it('explains an expired token and what to do; the local record stays removable', async () => {
    answerWith(api, {
      'vault.list': () => [localAlice],
      'site.doctor': () => [],
      'site.status': () => enabled,
      'devices.list': () => {
        throw new api.BackgroundError('token-expired', 'expired');
      },
      'vault.remove': () => undefined,
    });
    render(<App />);
    const problem = await screen.findByTestId('token-problem');
    expect(problem.textContent).toContain('expired');
    expect(problem.textContent).toContain('Sign in on the site again');
    fireEvent.click(screen.getByTestId('tab-browser'));
    fireEvent.click(await screen.findByTestId('local-remove'));
    fireEvent.click(screen.getByTestId('confirm-yes'));
    await waitFor(() =>
      expect(api.ask).toHaveBeenCalledWith({ type: 'vault.remove', deviceKey: localAlice.deviceKey }),
    );
  });

  it('explains a token the extension never saw', async () => {
    answerWith(api, {
      'vault.list': () => [],
      'site.doctor': () => [],
      'site.status': () => enabled,
      'devices.list': () => {
        throw new api.BackgroundError('token-missing', 'missing');
      },
    });
    render(<App />);
    expect((await screen.findByTestId('token-problem')).textContent).toContain('has not seen a sign-in');
  });

  it('shows readable errors for other failures, with a retry', async () => {
    let fail = true;
    answerWith(api, {
      'vault.list': () => [],
      'site.doctor': () => [],
      'site.status': () => enabled,
      'devices.list': () => {
        if (fail) throw new api.BackgroundError('network', 'fetch failed');
        return remote(1);
      },
    });
    render(<App />);
    const error = await screen.findByTestId('popup-error');
    expect(error.textContent).toContain('Could not reach Cognito');
    fail = false;
    fireEvent.click(within(error).getByRole('button', { name: 'Try again' }));
    await screen.findByTestId('device-row');
  });

  it('marks "don\'t remember" and forgets another device only after a confirmation naming it', async () => {
    const devices = remote(2);
    answerWith(api, {
      'vault.list': () => [localAlice],
      'site.doctor': () => [],
      'site.status': () => enabled,
      'devices.list': () => devices,
      'devices.forget': (r) => {
        devices.splice(
          devices.findIndex((d) => d.deviceKey === r.deviceKey),
          1,
        );
      },
      'devices.setRemembered': () => undefined,
    });
    render(<App />);
    const [, other] = await screen.findAllByTestId('device-row');
    fireEvent.click(within(other!).getByRole('button', { name: 'Forget Laptop 1' }));
    const confirm = screen.getByTestId('confirm');
    expect(confirm.textContent).toContain('Forget Laptop 1?');
    expect(document.activeElement).toBe(within(confirm).getByTestId('confirm-yes'));
    expect(api.ask).not.toHaveBeenCalledWith(expect.objectContaining({ type: 'devices.forget' }));
    fireEvent.click(within(confirm).getByTestId('confirm-yes'));
    await waitFor(() => expect(screen.getAllByTestId('device-row')).toHaveLength(1));
    expect(api.ask).toHaveBeenCalledWith({
      type: 'devices.forget',
      origin: ORIGIN,
      poolId: POOL,
      username: 'alice',
      deviceKey: 'us-east-1_d1',
    });
    const dontRemember = screen.getByRole('button', { name: "Don't remember Chrome on Linux" });
    await waitFor(() => expect((dontRemember as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(dontRemember);
    await waitFor(() =>
      expect(api.ask).toHaveBeenCalledWith({
        type: 'devices.setRemembered',
        origin: ORIGIN,
        poolId: POOL,
        username: 'alice',
        deviceKey: 'us-east-1_here',
        remembered: false,
      }),
    );
  });

  it('keeps this browser listed (with Remember) when Cognito no longer lists it', async () => {
    answerWith(api, {
      'vault.list': () => [{ ...localAlice, status: 'not_remembered' }],
      'site.doctor': () => [],
      'site.status': () => enabled,
      'devices.list': () => [],
      'devices.setRemembered': () => undefined,
    });
    render(<App />);
    const row = await screen.findByTestId('device-row');
    expect(row.textContent).toContain('Not remembered');
    const remember = within(row).getByTestId('device-remember');
    expect(within(row).queryByTestId('device-not-remember')).toBeNull();
    fireEvent.click(remember);
    await waitFor(() =>
      expect(api.ask).toHaveBeenCalledWith(
        expect.objectContaining({
          type: 'devices.setRemembered',
          deviceKey: localAlice.deviceKey,
          remembered: true,
        }),
      ),
    );
  });

  it("changes the policy and disables with the offer to remove the site's devices", async () => {
    answerWith(api, {
      'vault.list': () => [],
      'site.doctor': () => [],
      'site.status': () => ({ ...enabled, users: [] }),
      'site.setPolicy': (r) => ({ ...enabled, users: [], policy: r.policy }),
      'site.disable': () => notEnabled,
    });
    render(<App />);
    const select = (await screen.findByLabelText(
      'When the pool asks whether to remember this browser',
    )) as HTMLSelectElement;
    fireEvent.change(select, { target: { value: 'never' } });
    await waitFor(() => expect((screen.getByTestId('site-policy') as HTMLSelectElement).value).toBe('never'));
    fireEvent.click(screen.getByTestId('site-disable'));
    fireEvent.click(screen.getByLabelText("Also remove this site's devices from this browser"));
    fireEvent.click(screen.getByTestId('confirm-yes'));
    await screen.findByTestId('site-enable');
    expect(api.ask).toHaveBeenCalledWith({ type: 'site.disable', origin: ORIGIN, removeDevices: true });
  });
});
