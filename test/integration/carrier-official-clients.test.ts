// amazon-cognito-identity-js, unmodified, running as a page on an enabled origin: its fetch goes
// through the background carrier (as the page hook routes it in a browser), the carrier talks to the
// emulator over loopback. Covers the paths ACIJ takes that the simulated page does not.
import { resolve } from 'node:path';
import { AuthenticationDetails, type CognitoUser, type CognitoUserSession } from 'amazon-cognito-identity-js';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallContext } from '../../background/cognito-call/context.ts';
import { acijUser } from '../support/acij-node.ts';
import {
  ALL_USER_FLOWS,
  MemoryStorage,
  newTotpSecret,
  recordCognitoTraffic,
} from '../support/cognito-fixtures.ts';
import { useSeededEmulator } from '../support/emulator-fixture.ts';
import { backgroundFor, routeFetchThroughCarrier } from '../support/page-simulator.ts';

const ORIGIN = 'https://acij.example';
const POOL = 'us-east-1_CarrierAcij';
const CLIENT = 'carrieracij00000000000001';
const EMAIL_POOL = 'us-east-1_CarrierEmail';
const EMAIL_CLIENT = 'carrieracij00000000000002';
const QUIZ_POOL = 'us-east-1_CarrierQuiz';
const QUIZ_CLIENT = 'carrieracij00000000000003';
const QUIZ_MODULE = resolve(import.meta.dirname, '../fixtures/triggers/quiz-challenge.mjs');
const PASSWORD = 'Correct-Horse-9';
const secrets = new Map<string, string>();

let restoreFetch: (() => void) | undefined;

function seedUser(username: string, email = `${username}@example.com`) {
  const secret = newTotpSecret();
  secrets.set(username, secret);
  secrets.set(email, secret);
  return {
    Username: username,
    Password: PASSWORD,
    Attributes: { email, email_verified: 'true' },
    TotpSecret: secret,
  };
}

const emu = useSeededEmulator(
  [
    {
      Id: POOL,
      PoolName: 'carrier-acij',
      MfaConfiguration: 'ON',
      AliasAttributes: ['email'],
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
      Clients: [{ ClientId: CLIENT, ClientName: 'web', ExplicitAuthFlows: ALL_USER_FLOWS }],
      Users: ['rita', 'sam', 'tess', 'uma'].map((n) => seedUser(n)),
    },
    {
      Id: EMAIL_POOL,
      PoolName: 'carrier-email',
      MfaConfiguration: 'ON',
      UsernameAttributes: ['email'],
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
      Clients: [{ ClientId: EMAIL_CLIENT, ClientName: 'web', ExplicitAuthFlows: ALL_USER_FLOWS }],
      Users: [seedUser('vic@example.com', 'vic@example.com')],
    },
    {
      // CUSTOM_AUTH: the password (SRP_A first), then a quiz; no Cognito MFA.
      Id: QUIZ_POOL,
      PoolName: 'carrier-quiz',
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
      LambdaConfig: {
        DefineAuthChallenge: QUIZ_MODULE,
        CreateAuthChallenge: QUIZ_MODULE,
        VerifyAuthChallengeResponse: QUIZ_MODULE,
      },
      Clients: [
        {
          ClientId: QUIZ_CLIENT,
          ClientName: 'web',
          ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        },
      ],
      Users: [seedUser('wes')],
    },
  ],
  // ACIJ stamps TIMESTAMP with real time while the emulator's clock moves on for fresh TOTP codes.
  { timestampSkewSeconds: 24 * 3600 },
);
afterEach(() => {
  restoreFetch?.();
  restoreFetch = undefined;
});

/** One browser profile on ORIGIN with the extension enabled there: ACIJ's localStorage and the background. */
class AcijPage {
  readonly storage = new MemoryStorage();
  constructor(
    readonly ctx: CallContext,
    private readonly poolId: string,
    private readonly clientId: string,
  ) {}

  user(username: string): CognitoUser {
    return acijUser(emu.url, this.poolId, this.clientId, username, this.storage);
  }
}

async function acijPage(poolId = POOL, clientId = CLIENT): Promise<AcijPage> {
  const ctx = await backgroundFor(ORIGIN);
  restoreFetch = routeFetchThroughCarrier(ctx);
  return new AcijPage(ctx, poolId, clientId);
}

interface SignedIn {
  user: CognitoUser;
  session: CognitoUserSession;
  mfaPrompts: string[];
}

/**
 * authenticateUser as an app calls it, answering a TOTP prompt (or the quiz of CUSTOM_AUTH); `flow` set
 * through setAuthenticationFlowType.
 */
function signIn(
  page: AcijPage,
  typed: string,
  flow?: 'USER_PASSWORD_AUTH' | 'CUSTOM_AUTH',
): Promise<SignedIn> {
  const user = page.user(typed);
  if (flow) user.setAuthenticationFlowType(flow);
  const mfaPrompts: string[] = [];
  return new Promise<SignedIn>((resolve, reject) => {
    const fail = (what: string) => () => reject(new Error(`unexpected ${what} prompt`));
    const callbacks = {
      onSuccess: (session: CognitoUserSession) => resolve({ user, session, mfaPrompts }),
      onFailure: (err: unknown) => reject(err),
      totpRequired: (name: string) => {
        mfaPrompts.push(name);
        user.sendMFACode(emu.totp.code(secrets.get(typed) ?? ''), callbacks, 'SOFTWARE_TOKEN_MFA');
      },
      mfaRequired: fail('SMS'),
      newPasswordRequired: fail('new password'),
      mfaSetup: fail('MFA setup'),
      selectMFAType: fail('MFA type'),
      customChallenge: () => user.sendCustomChallengeAnswer('42', callbacks),
    };
    user.authenticateUser(new AuthenticationDetails({ Username: typed, Password: PASSWORD }), callbacks);
  });
}

function refresh(signedIn: SignedIn): Promise<CognitoUserSession> {
  return new Promise((resolve, reject) =>
    signedIn.user.refreshSession(signedIn.session.getRefreshToken(), (err, session) =>
      err ? reject(err) : resolve(session as CognitoUserSession),
    ),
  );
}

describe('amazon-cognito-identity-js through the carrier', () => {
  it('keeps refreshSession working after a remembered sign-in (ACIJ sends DEVICE_KEY: null)', async () => {
    const page = await acijPage();
    const first = await signIn(page, 'rita');
    expect(first.mfaPrompts).toEqual(['SOFTWARE_TOKEN_MFA']);
    const second = await signIn(page, 'rita');
    expect(second.mfaPrompts).toEqual([]);

    const traffic = recordCognitoTraffic();
    try {
      const refreshed = await refresh(second);
      expect(refreshed.isValid()).toBe(true);
    } finally {
      traffic.stop();
    }
    // What the page itself sent: the path this test is about (the carrier put the vault's key in its place).
    const sent = traffic.exchanges.find((e) => e.operation === 'InitiateAuth');
    expect(sent?.request.AuthParameters).toHaveProperty('DEVICE_KEY', null);
    expect(sent?.status).toBe(200);
  });

  it('USER_PASSWORD_AUTH with an email alias skips MFA on the second sign-in and keeps one device', async () => {
    const page = await acijPage();
    expect((await signIn(page, 'sam@example.com', 'USER_PASSWORD_AUTH')).mfaPrompts).toEqual([
      'SOFTWARE_TOKEN_MFA',
    ]);
    const enrolled = await page.ctx.vault.getDevice(POOL, 'sam', ORIGIN);
    expect(enrolled?.status).toBe('remembered');
    const again = await signIn(page, 'sam@example.com', 'USER_PASSWORD_AUTH');
    expect(again.mfaPrompts).toEqual([]);
    expect((await page.ctx.vault.listDevices()).map((d) => d.deviceKey)).toEqual([enrolled?.deviceKey]);
    expect(again.session.getIdToken().decodePayload()['cognito:username']).toBe('sam');
  });

  it('USER_PASSWORD_AUTH in a pool where the email is the username skips MFA the second time', async () => {
    const page = await acijPage(EMAIL_POOL, EMAIL_CLIENT);
    const first = await signIn(page, 'vic@example.com', 'USER_PASSWORD_AUTH');
    expect(first.mfaPrompts).toEqual(['SOFTWARE_TOKEN_MFA']);
    const again = await signIn(page, 'vic@example.com', 'USER_PASSWORD_AUTH');
    expect(again.mfaPrompts).toEqual([]);
    expect(await page.ctx.vault.listDevices()).toHaveLength(1);
  });

  it('CUSTOM_AUTH: the device joins the whole chain and DEVICE_SRP_AUTH is answered after the custom challenge', async () => {
    const page = await acijPage(QUIZ_POOL, QUIZ_CLIENT);
    const traffic = recordCognitoTraffic();
    try {
      await signIn(page, 'wes', 'CUSTOM_AUTH');
      const device = await page.ctx.vault.getDevice(QUIZ_POOL, 'wes', ORIGIN);
      expect(device?.status).toBe('remembered');
      const again = await signIn(page, 'wes', 'CUSTOM_AUTH');
      expect(again.session.isValid()).toBe(true);
      // The page saw its own steps only: the device challenge was answered in the background.
      expect(traffic.challenges()).toEqual([
        'PASSWORD_VERIFIER',
        'CUSTOM_CHALLENGE',
        'tokens',
        'PASSWORD_VERIFIER',
        'CUSTOM_CHALLENGE',
        'tokens',
      ]);
      expect((await page.ctx.vault.listDevices()).map((d) => d.deviceKey)).toEqual([device?.deviceKey]);
      expect((await page.ctx.vault.getDevice(QUIZ_POOL, 'wes', ORIGIN))?.lastUsedAt).toBeTypeOf('number');
    } finally {
      traffic.stop();
    }
  });

  it('a site whose own code manages devices is detected and left alone: its device, forgetDevice and re-enrolment work', async () => {
    const page = await acijPage();
    // Before the extension was enabled here, ACIJ confirmed a device of its own.
    await page.ctx.vault.disableSite(ORIGIN);
    expect((await signIn(page, 'tess')).mfaPrompts).toEqual(['SOFTWARE_TOKEN_MFA']);
    const ownKey = () => {
      const key = page.storage.keys().find((k) => k.endsWith('.deviceKey'));
      return key ? page.storage.getItem(key) : null;
    };
    const first = ownKey();
    expect(first).toBeTruthy();
    await page.ctx.vault.enableSite(ORIGIN, Date.now());

    // ACIJ presents its own key: the extension steps aside for this site.
    const again = await signIn(page, 'tess');
    expect(again.mfaPrompts).toEqual([]);
    const activity = await page.ctx.vault.listActivity();
    expect(activity.map((a) => a.kind)).toContain('site-manages-devices');
    expect((await page.ctx.vault.getSite(ORIGIN))?.managesOwnDevices).toBeDefined();

    // The site's own forgetDevice works, and its next sign-in enrols a device the site itself confirms.
    await new Promise<void>((resolve, reject) =>
      again.user.forgetDevice({ onSuccess: () => resolve(), onFailure: reject }),
    );
    expect(ownKey()).toBeNull();
    expect((await signIn(page, 'tess')).mfaPrompts).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(ownKey()).toBeTruthy();
    expect(ownKey()).not.toBe(first);
    expect(await page.ctx.vault.listDevices()).toEqual([]);
  });
});
