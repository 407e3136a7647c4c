// Reliability (docs/security-and-reliability.md) in real Chromium (test build): a hostile page on an enabled origin that forges the relay
// channel (its own MessageChannel port with the handshake marker), replays a sign-in it watched and
// drives device SRP itself gets no device secret, no other site's device and no sign-in it could
// not complete with the password; an origin not enabled gets no relay at all; and the popup's
// actions survive the service worker being stopped before each of them. Figures: test-results/reliability/chromium.json.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromiumWithExtension } from '../../dev/chromium.ts';
import { openDemoPage } from '../../dev/demo-page.ts';
import { DEMO_POOL, OPTIN_POOL } from '../../dev/demo-sites/fixtures.ts';
import { askBackground, enableSiteInPopup, localDevices, vaultSecrets } from '../../dev/extension.ts';
import type { LocalDeviceView } from '../../src/messages/index.ts';
import { HANDSHAKE_MARKER } from '../../src/messages/page-channel.ts';
import { Tally } from '../reliability/support/figures.ts';
import { useStackAndBrowser } from '../support/browser-stack.ts';

const alice = DEMO_POOL.users.find((u) => u.username === 'alice');
if (!alice) throw new Error('demo seed has no alice');

const tally = new Tally();
const origin = (url: string) => new URL(url).origin;

interface Forged {
  ready: boolean;
  replies: { kind: string; status?: number; body?: string; message?: string }[];
}

/**
 * The page opens its own channel to the relay and sends calls over it, as hostile page code could.
 * It waits up to `readyWaitMs` for the relay's "ready": long where one is expected (a busy machine
 * is slow, not wrong), short where none is.
 */
function forge(
  page: Page,
  endpoint: string,
  calls: { operation: string; body: object }[],
  readyWaitMs = 30_000,
): Promise<Forged> {
  return page.evaluate(
    async ({ marker, endpoint, calls, readyWaitMs }) => {
      const channel = new MessageChannel();
      const replies = new Map<number, Forged['replies'][number]>();
      let ready = false;
      const waiting = new Map<number, () => void>();
      let wake: () => void = () => {};
      const readyP = new Promise<void>((r) => {
        wake = r;
      });
      channel.port1.onmessage = (e: MessageEvent) => {
        if (e.data?.ready) {
          ready = true;
          wake();
        } else if (typeof e.data?.id === 'number') {
          replies.set(e.data.id, e.data.reply);
          waiting.get(e.data.id)?.();
        }
      };
      window.postMessage({ [marker]: 'port' }, '*', [channel.port2]);
      await Promise.race([readyP, new Promise((r) => setTimeout(r, readyWaitMs))]);
      if (!ready) return { ready, replies: [] };
      const out: Forged['replies'] = [];
      for (const [i, call] of calls.entries()) {
        const id = 1000 + i;
        const done = new Promise<void>((r) => waiting.set(id, r));
        channel.port1.postMessage({
          id,
          endpoint,
          operation: call.operation,
          body: JSON.stringify(call.body),
        });
        await done;
        const reply = replies.get(id);
        if (reply) out.push(reply);
      }
      return { ready, replies: out };
    },
    { marker: HANDSHAKE_MARKER, endpoint, calls, readyWaitMs },
  );
}

/** Every Cognito request body the page's own code sends (a wrapper above the hook, as a site could add). */
async function watchRequests(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __requests: string[] }).__requests = seen;
    const inner = window.fetch;
    window.fetch = (input, init) => {
      if (typeof init?.body === 'string') seen.push(init.body);
      return inner(input, init);
    };
  });
}

async function signInWithUi(page: Page): Promise<{ status: string; mfaAsked: string }> {
  const first = await page.evaluate(({ email, password }) => window.__demo.signIn(email, password), alice!);
  if (first.status !== 'mfa-required') return first;
  const code = stack.totp(alice!.totpSecret);
  return page.evaluate((c) => window.__demo.confirmMfa(c), code);
}

async function signedOut(url: string): Promise<Page> {
  const { page, state } = await openDemoPage(chromium.context, url);
  if (state.status === 'signed-in') await page.evaluate(() => window.__demo.signOut());
  return page;
}

async function expectNoSecrets(forged: Forged): Promise<void> {
  const text = JSON.stringify(forged);
  for (const s of await vaultSecrets(chromium)) {
    expect(text).not.toContain(s.devicePassword);
    expect(text).not.toContain(s.deviceGroupKey);
  }
}

const hasTokens = (f: Forged) => f.replies.some((r) => (r.body ?? '').includes('AuthenticationResult'));

const { stack, browser: chromium } = useStackAndBrowser(launchChromiumWithExtension);
beforeAll(async () => {
  await enableSiteInPopup(chromium, origin(stack.amplifyUrl));
});
afterAll(async () => {
  tally.write('chromium');
});

describe('a hostile page in Chromium', () => {
  let page: Page;
  let endpoint: string;
  let ownDevice: LocalDeviceView | undefined;

  it('signs in once normally (enrolls), watched by the page’s own wrapper', async () => {
    await tally.check('enroll', async () => {
      page = await signedOut(stack.amplifyUrl);
      await watchRequests(page);
      expect(await signInWithUi(page)).toMatchObject({ status: 'signed-in' });
      ownDevice = (await localDevices(chromium)).find((d) => d.username === 'alice');
      expect(ownDevice?.status).toBe('remembered');
      endpoint = `${stack.emulatorUrl}/`;
    });
  });

  it('a forged relay port gets a PASSWORD_VERIFIER challenge, never tokens, without the password', async () => {
    await tally.check('forged port', async () => {
      const forged = await forge(page, endpoint, [
        {
          operation: 'InitiateAuth',
          body: {
            AuthFlow: 'USER_SRP_AUTH',
            ClientId: DEMO_POOL.clientId,
            AuthParameters: { USERNAME: alice.email, SRP_A: 'abcdef0123456789' },
          },
        },
      ]);
      expect(forged.ready).toBe(true);
      expect(forged.replies[0]?.kind).toBe('response');
      expect(forged.replies[0]?.body).toContain('PASSWORD_VERIFIER');
      const session = JSON.parse(forged.replies[0]?.body ?? '{}').Session as string;
      // Answers it cannot prove: a made-up password claim, then device SRP with the device key it knows.
      const answers = await forge(page, endpoint, [
        {
          operation: 'RespondToAuthChallenge',
          body: {
            ChallengeName: 'PASSWORD_VERIFIER',
            ClientId: DEMO_POOL.clientId,
            Session: session,
            ChallengeResponses: {
              USERNAME: 'alice',
              PASSWORD_CLAIM_SECRET_BLOCK: 'AAAA',
              TIMESTAMP: new Date().toUTCString(),
              PASSWORD_CLAIM_SIGNATURE: 'AAAA',
            },
          },
        },
        {
          operation: 'RespondToAuthChallenge',
          body: {
            ChallengeName: 'DEVICE_SRP_AUTH',
            ClientId: DEMO_POOL.clientId,
            Session: session,
            ChallengeResponses: {
              USERNAME: 'alice',
              DEVICE_KEY: ownDevice?.deviceKey,
              SRP_A: 'abcdef0123456789',
            },
          },
        },
      ]);
      expect(hasTokens(answers)).toBe(false);
      await expectNoSecrets(forged);
      await expectNoSecrets(answers);
    });
  });

  it('replaying the sign-in it watched gets Cognito’s error, not tokens', async () => {
    await tally.check('replay', async () => {
      const requests = await page.evaluate(() => (window as unknown as { __requests: string[] }).__requests);
      const verifier = requests
        .map((r) => JSON.parse(r) as Record<string, unknown>)
        .filter((r) => r.ChallengeName === 'PASSWORD_VERIFIER');
      expect(verifier.length).toBeGreaterThan(0);
      const replayed = await forge(
        page,
        endpoint,
        verifier.map((body) => ({ operation: 'RespondToAuthChallenge', body })),
      );
      expect(replayed.replies.every((r) => (r.status ?? 0) >= 400 || r.kind === 'error')).toBe(true);
      expect(hasTokens(replayed)).toBe(false);
      await expectNoSecrets(replayed);
    });
  });

  it('calls for another app client (another pool) get nothing of this pool’s device', async () => {
    await tally.check('other client', async () => {
      const forged = await forge(page, endpoint, [
        {
          operation: 'InitiateAuth',
          body: {
            AuthFlow: 'USER_SRP_AUTH',
            ClientId: OPTIN_POOL.clientId,
            AuthParameters: { USERNAME: alice.email, SRP_A: 'abcdef' },
          },
        },
      ]);
      expect(hasTokens(forged)).toBe(false);
      expect(JSON.stringify(forged)).not.toContain(ownDevice?.deviceKey ?? '\u0000');
      await expectNoSecrets(forged);
    });
  });

  it('aimed at a LAN address, the carrier fetches nothing; an oversized call stops at the relay', async () => {
    await tally.check('carrier aimed elsewhere', async () => {
      const forged = await forge(page, 'https://192.168.1.20/', [
        {
          operation: 'InitiateAuth',
          body: {
            AuthFlow: 'USER_SRP_AUTH',
            ClientId: 'lanclient0000000000000001',
            AuthParameters: { USERNAME: 'x' },
          },
        },
      ]);
      expect(forged.replies).toEqual([{ kind: 'passthrough' }]);
      const big = await forge(page, endpoint, [
        { operation: 'InitiateAuth', body: { ClientId: DEMO_POOL.clientId, Pad: 'x'.repeat(70_000) } },
      ]);
      expect(big.replies).toEqual([{ kind: 'error', message: 'Request too large to carry' }]);
    });
  });

  it('an origin that is not enabled has no relay: a forged handshake goes unanswered', async () => {
    await tally.check('not enabled', async () => {
      const other = await signedOut(stack.acijUrl);
      const forged = await forge(other, endpoint, [{ operation: 'InitiateAuth', body: {} }], 2000);
      expect(forged.ready).toBe(false);
      await other.close();
    });
  });

  it('another enabled site’s device is never served here: the password alone still meets MFA', async () => {
    await tally.check('other site device', async () => {
      await enableSiteInPopup(chromium, origin(stack.acijUrl));
      const acij = await signedOut(stack.acijUrl);
      expect(await signInWithUi(acij)).toMatchObject({ status: 'signed-in' });
      const alices = (await localDevices(chromium)).filter((d) => d.username === 'alice');
      expect(alices.map((d) => d.origin)).toContain(origin(stack.acijUrl));
      await acij.close();
      // This site's own device goes: the vault now holds alice's device for the other site only.
      for (const d of alices.filter((d) => d.origin !== origin(stack.acijUrl)))
        await askBackground(chromium, { type: 'vault.remove', deviceKey: d.deviceKey });
      expect((await localDevices(chromium)).filter((d) => d.username === 'alice')).toHaveLength(1);
      const here = await signedOut(stack.amplifyUrl);
      const first = await here.evaluate(
        ({ email, password }) => window.__demo.signIn(email, password),
        alice,
      );
      expect(first.status).toBe('mfa-required');
      await here.close();
    });
  });
});

describe('popup actions with the service worker stopped before each', () => {
  it('every action completes after a stop', async () => {
    const actions: object[] = [
      { type: 'sites.list' },
      { type: 'vault.list' },
      { type: 'activity.list' },
      { type: 'site.status', origin: origin(stack.amplifyUrl) },
      { type: 'site.setPolicy', origin: origin(stack.amplifyUrl), policy: 'always' },
      // Tokens are kept per site: the Amplify page signed out above (its token is revoked), the
      // amazon-cognito-identity-js page is still signed in.
      { type: 'devices.list', origin: origin(stack.acijUrl), poolId: DEMO_POOL.id, username: 'alice' },
      { type: 'settings.export' },
    ];
    for (const action of actions) {
      await tally.check(`stop before ${(action as { type: string }).type}`, async () => {
        await chromium.stopWorker();
        await askBackground(chromium, action);
      });
    }
    tally.details.popupStopPoints = actions.length;
  });
});
