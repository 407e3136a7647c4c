// @vitest-environment happy-dom
// The popup's status block, the site doctor's findings and "forget my other devices". Only
// popup/api.ts (messaging to the background) is mocked.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { Diagnosis, LocalDeviceView, SiteView } from '../../src/messages/index.ts';
import { remoteDevices, SHOP, shopDevice, shopSite } from '../support/popup-data.ts';
import { answerWith, freshPopupEachTest, mockedApi } from '../support/popup-mock.ts';

vi.mock('../../popup/api.ts', () => import('../support/popup-mock.ts').then((m) => m.apiModule()));
const api = await mockedApi();
const { App } = await import('../../popup/app.tsx');

const ORIGIN = SHOP.origin;
const POOL = SHOP.pool;
const site = shopSite;
const local = (status: LocalDeviceView['status']) => shopDevice({ status });
const remote = (n: number) => remoteDevices(n);

freshPopupEachTest(api, SHOP.tab);

async function summaryFor(s: SiteView, devices: LocalDeviceView[], findings: Diagnosis[] = []) {
  answerWith(api, {
    'vault.list': () => devices,
    'site.status': () => s,
    'site.doctor': () => findings,
    'devices.list': () => remote(1),
  });
  render(<App />);
  await waitFor(() => expect(api.ask).toHaveBeenCalledWith({ type: 'site.doctor', origin: ORIGIN }));
  const block = await screen.findByTestId('site-summary');
  return block;
}

describe('popup status block', () => {
  it('says what to do on a site that is not enabled', async () => {
    const block = await summaryFor(site({ enabled: false, clients: [], users: [] }), []);
    expect(block.textContent).toContain('Not enabled on this site');
    expect(block.dataset.tone).toBe('off');
  });

  it('asks for one sign-in with the code before anything is remembered', async () => {
    const block = await summaryFor(site({ users: [] }), []);
    expect(block.textContent).toContain('Sign in once with your code');
  });

  it('right after enabling, says no sign-in was seen yet without calling it a problem', async () => {
    await summaryFor(site({ clients: [], users: [] }), [], [{ code: 'no-cognito-calls', severity: 'info' }]);
    const finding = await screen.findByTestId('finding');
    expect(finding.textContent).toContain('No sign-in seen on this page yet');
    expect(finding.textContent).toContain('hosted sign-in page');
    expect(screen.getByTestId('summary-title').textContent).toBe('Sign in once with your code');
  });

  it('says who is remembered and that the next sign-in skips the code', async () => {
    const block = await summaryFor(site(), [local('remembered')]);
    await waitFor(() =>
      expect(screen.getByTestId('summary-title').textContent).toBe(
        'Remembered for alice — next sign-in skips the code',
      ),
    );
    expect(block.dataset.tone).toBe('ok');
  });

  it('says this browser is not remembered by choice, and how to change it', async () => {
    await summaryFor(site(), [local('not_remembered')]);
    await waitFor(() =>
      expect(screen.getByTestId('summary-title').textContent).toBe(
        'Not remembered for alice — the code is asked each time',
      ),
    );
  });

  it('waits for the person’s answer on an opt-in pool, before anything else', async () => {
    const findings: Diagnosis[] = [
      { code: 'waiting-for-answer', severity: 'action', poolId: POOL, username: 'alice' },
    ];
    await summaryFor(site(), [local('pending')], findings);
    await waitFor(() =>
      expect(screen.getByTestId('summary-title').textContent).toBe('Waiting for your answer'),
    );
    expect(screen.getByTestId('prompt').textContent).toContain('alice');
  });

  it('names the problem the doctor found, and explains it under "Why is the code still asked?"', async () => {
    const findings: Diagnosis[] = [
      { code: 'mfa-despite-device', severity: 'problem', poolId: POOL, username: 'alice', detail: 'SMS_MFA' },
    ];
    await summaryFor(site(), [local('remembered')], findings);
    await waitFor(() =>
      expect(screen.getByTestId('summary-title').textContent).toBe(
        'Needs attention: Code asked although this browser was recognised',
      ),
    );
    const doctor = screen.getByRole('region', { name: 'Why is the code still asked?' });
    const [finding] = within(doctor).getAllByTestId('finding');
    expect(finding!.dataset.code).toBe('mfa-despite-device');
    expect(finding!.textContent).toContain('for alice');
    expect(finding!.textContent).toContain('(SMS_MFA)');
  });

  it('says nothing is wrong when the doctor found nothing, and keeps pool and client ids in collapsed details', async () => {
    await summaryFor(site(), [local('remembered')]);
    const doctor = await screen.findByRole('region', { name: 'Why is the code still asked?' });
    await waitFor(() => expect(doctor.textContent).toContain('Nothing wrong seen'));
    const details = screen.getByTestId('site-clients').closest('details')!;
    expect(details.open).toBe(false);
    expect(within(details).getByText('Technical details')).toBeTruthy();
  });

  it('shows the doctor’s error with a retry', async () => {
    let fail = true;
    answerWith(api, {
      'vault.list': () => [],
      'site.status': () => site({ users: [] }),
      'site.doctor': () => {
        if (fail) throw new api.BackgroundError('internal', 'vault closed');
        return [];
      },
    });
    render(<App />);
    const error = await screen.findByTestId('popup-error');
    fail = false;
    fireEvent.click(within(error).getByRole('button', { name: 'Try again' }));
    await screen.findByText('Nothing wrong seen: the last sign-in here went as expected.');
  });
});

describe('forget my other devices', () => {
  it('names the other devices, forgets only those, and reports each one that failed', async () => {
    answerWith(api, {
      'vault.list': () => [local('remembered')],
      'site.status': () => site(),
      'site.doctor': () => [],
      'devices.list': () => remote(3),
      'devices.forgetOthers': (r) =>
        r.deviceKeys.map((deviceKey) =>
          deviceKey === 'us-east-1_d2'
            ? { deviceKey, forgotten: false, error: 'Rate exceeded' }
            : { deviceKey, forgotten: true },
        ),
    });
    render(<App />);
    await screen.findAllByTestId('device-row');
    fireEvent.click(screen.getByTestId('forget-others'));
    const confirm = screen.getByTestId('confirm');
    expect(confirm.textContent).toContain('Forget Laptop 1, Laptop 2?');
    expect(confirm.textContent).not.toContain('Chrome on Linux');
    expect(api.ask).not.toHaveBeenCalledWith(expect.objectContaining({ type: 'devices.forgetOthers' }));
    fireEvent.click(within(confirm).getByTestId('confirm-yes'));
    const result = await screen.findByTestId('forget-others-result');
    expect(api.ask).toHaveBeenCalledWith({
      type: 'devices.forgetOthers',
      origin: ORIGIN,
      poolId: POOL,
      username: 'alice',
      deviceKeys: ['us-east-1_d1', 'us-east-1_d2'],
    });
    expect(result.textContent).toContain('Forgot Laptop 1.');
    expect(result.textContent).toContain('Could not forget Laptop 2: Rate exceeded');
  });

  it('is not offered when this browser is the account’s only device', async () => {
    answerWith(api, {
      'vault.list': () => [local('remembered')],
      'site.status': () => site(),
      'site.doctor': () => [],
      'devices.list': () => remote(1),
    });
    render(<App />);
    await screen.findAllByTestId('device-row');
    expect(screen.queryByTestId('forget-others')).toBeNull();
  });
});
