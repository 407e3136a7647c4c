// @vitest-environment happy-dom
// The popup's "This browser" and "Activity" views and the opt-in prompt. Only popup/api.ts
// (messaging to the background) is mocked.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { ActivityView, LocalDeviceView } from '../../src/messages/index.ts';
import { answerWith, freshPopupEachTest, mockedApi, never } from '../support/popup-mock.ts';

vi.mock('../../popup/api.ts', () => import('../support/popup-mock.ts').then((m) => m.apiModule()));
const api = await mockedApi();
const { App } = await import('../../popup/app.tsx');

const device = (i: number, over: Partial<LocalDeviceView> = {}): LocalDeviceView => ({
  poolId: 'us-east-1_Pool1',
  username: `user${i}`,
  deviceKey: `us-east-1_k${i}`,
  deviceName: 'Chrome on Linux',
  status: 'remembered',
  origin: 'https://a.example',
  createdAt: Date.now() - 1000,
  lastUsedAt: Date.now() - 120_000,
  ...over,
});

freshPopupEachTest(api);

describe('popup, this browser', () => {
  it('shows a skeleton, then an empty state', async () => {
    let answer: (v: LocalDeviceView[]) => void = () => {};
    answerWith(api, { 'vault.list': () => new Promise((r) => (answer = r)) });
    render(<App initialView="browser" />);
    expect(document.querySelectorAll('.skeleton').length).toBeGreaterThan(0);
    answer([]);
    await screen.findByText('None yet. Sign in on an enabled site to remember this browser.');
  });

  it('lists many devices across sites, with status and last use', async () => {
    const list = Array.from({ length: 50 }, (_, i) => device(i, { origin: `https://s${i % 3}.example` }));
    answerWith(api, { 'vault.list': () => list });
    render(<App initialView="browser" />);
    const items = within(await screen.findByTestId('local-devices')).getAllByTestId('local-device');
    expect(items).toHaveLength(50);
    expect(items[4]!.textContent).toContain('On https://s1.example');
    expect(items[4]!.textContent).toContain('Remembered');
    expect(items[4]!.textContent).toContain('Last used 2 minutes ago');
  });

  it('removes a device after a confirmation naming its account', async () => {
    const list = [device(1), device(2)];
    answerWith(api, {
      'vault.list': () => [...list],
      'vault.remove': (r) => {
        list.splice(
          list.findIndex((d) => d.deviceKey === r.deviceKey),
          1,
        );
      },
    });
    render(<App initialView="browser" />);
    fireEvent.click(await screen.findByRole('button', { name: "Remove user2's device from this browser" }));
    expect(screen.getByTestId('confirm').textContent).toContain("Remove user2's device");
    fireEvent.click(screen.getByTestId('confirm-yes'));
    await waitFor(() => expect(screen.getAllByTestId('local-device')).toHaveLength(1));
  });

  it('shows a readable error when the vault cannot be read, and retries', async () => {
    let fail = true;
    answerWith(api, {
      'vault.list': () => {
        if (fail) throw new api.BackgroundError('internal', 'IndexedDB is closed');
        return [device(1)];
      },
    });
    render(<App initialView="browser" />);
    const error = await screen.findByTestId('popup-error');
    expect(error.textContent).toBe('Something went wrong in the extension: IndexedDB is closedTry again');
    fail = false;
    fireEvent.click(within(error).getByRole('button', { name: 'Try again' }));
    await screen.findByTestId('local-device');
  });
});

describe('opt-in prompt', () => {
  it('asks about a pending device and answers with UpdateDeviceStatus; "no" stores not remembered', async () => {
    const list = [
      device(1, { status: 'pending' }),
      device(2, { status: 'pending', origin: 'https://b.example' }),
    ];
    answerWith(api, {
      'vault.list': () => list.map((d) => ({ ...d })),
      'activity.list': () => [],
      'devices.setRemembered': (r) => {
        const d = list.find((x) => x.deviceKey === r.deviceKey)!;
        d.status = r.remembered ? 'remembered' : 'not_remembered';
      },
    });
    render(<App initialView="activity" />);
    const prompts = await screen.findAllByTestId('prompt');
    expect(prompts.map((p) => p.querySelector('strong')?.textContent)).toEqual([
      'Remember this browser for user1 on https://a.example?',
      'Remember this browser for user2 on https://b.example?',
    ]);
    fireEvent.click(within(prompts[1]!).getByTestId('prompt-no'));
    await waitFor(() => expect(screen.getAllByTestId('prompt')).toHaveLength(1));
    expect(api.ask).toHaveBeenCalledWith({
      type: 'devices.setRemembered',
      origin: 'https://b.example',
      poolId: 'us-east-1_Pool1',
      username: 'user2',
      deviceKey: 'us-east-1_k2',
      remembered: false,
    });
    fireEvent.click(screen.getByTestId('prompt-yes'));
    await waitFor(() => expect(screen.queryByTestId('prompt')).toBeNull());
    expect(list.map((d) => d.status)).toEqual(['remembered', 'not_remembered']);
  });

  it('shows why an answer failed (expired session)', async () => {
    answerWith(api, {
      'vault.list': () => [device(1, { status: 'pending' })],
      'activity.list': never,
      'devices.setRemembered': () => {
        throw new api.BackgroundError('token-expired', 'x');
      },
    });
    render(<App initialView="activity" />);
    fireEvent.click(await screen.findByTestId('prompt-yes'));
    expect((await screen.findByTestId('popup-error')).textContent).toContain(
      'Your session on the site has expired: sign in there again',
    );
  });
});

describe('activity', () => {
  it('lists what happened with times, newest first, and an empty state', async () => {
    const now = Date.now();
    const entries: ActivityView[] = [
      { at: now - 5_000, kind: 'mfa-skipped', origin: 'https://a.example', username: 'alice' },
      { at: now - 3_600_000, kind: 'stale-device-replaced', username: 'bob', detail: 'us-east-1_old' },
      {
        at: now - 7_200_000,
        kind: 'error',
        reason: 'confirm-device-failed',
        origin: 'https://a.example',
        detail: 'ConfirmDevice failed',
      },
    ];
    answerWith(api, { 'vault.list': () => [], 'activity.list': () => entries });
    render(<App initialView="activity" />);
    const items = within(await screen.findByTestId('activity-list')).getAllByRole('listitem');
    expect(items.map((i) => i.querySelector('strong')?.textContent)).toEqual([
      'Second factor skipped',
      'Stale device replaced',
      'Error',
    ]);
    expect(items[1]!.textContent).toContain('1 hour ago');
    cleanup();
    answerWith(api, { 'vault.list': () => [], 'activity.list': () => [] });
    render(<App initialView="activity" />);
    await screen.findByText('Nothing has happened yet.');
  });
});
