// A stand-in for a web page's Cognito library that sends its calls through the extension's
// background carrier (handleCognitoCall), as the page hook does in a browser. Its own SRP uses src/srp.
import 'fake-indexeddb/auto';
import { createHmac } from 'node:crypto';
import type {
  AccessTokenRecord,
  AccessTokenStore,
  CallContext,
} from '../../background/cognito-call/context.ts';
import { handleCognitoCall } from '../../background/cognito-call/handle-cognito-call.ts';
import { openVault } from '../../background/vault/open.ts';
import { Vault } from '../../background/vault/vault.ts';
import { computePasswordClaim, createClientEphemeral, userPoolName } from '../../src/srp/index.ts';
import { freshTotp } from './totp.ts';

/** storage.session cannot run in Node: a Map stands in for it here. */
export function memoryTokenStore(): AccessTokenStore & { records: Map<string, AccessTokenRecord> } {
  const records = new Map<string, AccessTokenRecord>();
  return {
    records,
    async get(o, p, u) {
      return records.get(`${o} ${p} ${u}`);
    },
    async put(o, p, u, r) {
      records.set(`${o} ${p} ${u}`, r);
    },
    async delete(o, p, u) {
      records.delete(`${o} ${p} ${u}`);
    },
    async forgetOrigin(o) {
      for (const key of [...records.keys()]) if (key.startsWith(`${o} `)) records.delete(key);
    },
  };
}

/** Serialises by name within this process, as Web Locks do in the browser. */
export function memoryLock(): CallContext['lock'] {
  const chains = new Map<string, Promise<unknown>>();
  return (name, work) => {
    const run = (chains.get(name) ?? Promise.resolve()).then(
      () => work(),
      () => work(),
    );
    chains.set(
      name,
      run.catch(() => undefined),
    );
    return run;
  };
}

/** Node's own fetch, captured before any test routes the global one through the carrier. */
const nativeFetch: typeof fetch = globalThis.fetch.bind(globalThis);

// Vitest defines __TEST_BUILD__ (vitest.config.ts); scripts that run the carrier under plain tsx (the
// load run, benchmarks) get the same test-build rules here, or the carrier's first read of it throws.
(globalThis as { __TEST_BUILD__?: boolean }).__TEST_BUILD__ ??= true;

let vaultCount = 0;
/** A background as the extension builds it, with a fresh vault and the site enabled. */
export async function backgroundFor(origin: string): Promise<CallContext> {
  const vault = new Vault(await openVault(`device-flows-${++vaultCount}-${Date.now()}`));
  await vault.enableSite(origin, Date.now());
  return {
    origin,
    vault,
    tokens: memoryTokenStore(),
    fetch: (input, init) => nativeFetch(input, init),
    lock: memoryLock(),
    deviceName: 'Chrome on Linux',
    now: Date.now,
  };
}

export interface SimUser {
  typed: string;
  password: string;
  totpSecret: string;
}

export interface CallResult {
  status: number;
  body: Record<string, unknown>;
  /** The raw text the page received. */
  text: string;
}

/** A page on `ctx.origin`: every call goes through the carrier; a passthrough is sent natively. */
export class PageSimulator {
  readonly seen: string[] = [];
  constructor(
    readonly ctx: CallContext,
    readonly endpoint: string,
    readonly poolId: string,
    readonly clientId: string,
    /** Where TOTP codes come from: real time by default; a test clock's codes when the emulator runs on one. */
    readonly totp: (secretBase32: string) => string | Promise<string> = freshTotp,
  ) {}

  /**
   * What this page adds to each sign-in request, as a site's code would: ClientMetadata,
   * UserContextData, AnalyticsMetadata in the body; headers the hook forwards (x-amz-user-agent, ...).
   */
  extras: { body?: Record<string, unknown>; headers?: Record<string, string> } = {};

  async call(operation: string, body: object): Promise<CallResult> {
    const text = JSON.stringify({ ...body, ...this.extras.body });
    const reply = await handleCognitoCall(this.ctx, {
      type: 'cognito.call',
      endpoint: this.endpoint,
      operation,
      body: text,
      ...(this.extras.headers ? { headers: this.extras.headers } : {}),
    });
    let result: { status: number; text: string };
    if (reply.kind === 'passthrough') {
      const res = await nativeFetch(this.endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.1',
          'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}`,
        },
        body: text,
      });
      result = { status: res.status, text: await res.text() };
    } else if (reply.kind === 'error') {
      throw new Error(`carrier error: ${reply.message}`);
    } else {
      result = { status: reply.status, text: reply.body };
    }
    this.seen.push(result.text);
    return { ...result, body: result.text ? (JSON.parse(result.text) as Record<string, unknown>) : {} };
  }

  /** USER_SRP_AUTH as Amplify does it (DEVICE_KEY never sent by the page); answers TOTP when asked. */
  async signIn(user: SimUser): Promise<{ mfaAsked: boolean; result: CallResult }> {
    const ephemeral = createClientEphemeral();
    const init = await this.call('InitiateAuth', {
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: this.clientId,
      AuthParameters: { USERNAME: user.typed, SRP_A: ephemeral.AHex },
    });
    if (init.status !== 200) return { mfaAsked: false, result: init };
    return this.answerMfa(user, await this.answerPasswordVerifier(user, init, ephemeral));
  }

  /**
   * USER_AUTH (choice-based sign-in) as an SDK page does it: with `preferred` PASSWORD the password goes
   * in InitiateAuth; without it the page answers SELECT_CHALLENGE with PASSWORD_SRP, then the verifier.
   */
  async signInUserAuth(
    user: SimUser,
    preferred?: 'PASSWORD',
  ): Promise<{ mfaAsked: boolean; result: CallResult; challenges: string[] }> {
    const challenges: string[] = [];
    const seen = (r: CallResult) => {
      challenges.push(
        typeof r.body.ChallengeName === 'string'
          ? r.body.ChallengeName
          : r.body.AuthenticationResult
            ? 'tokens'
            : `HTTP ${r.status}`,
      );
      return r;
    };
    const init = seen(
      await this.call('InitiateAuth', {
        AuthFlow: 'USER_AUTH',
        ClientId: this.clientId,
        AuthParameters: {
          USERNAME: user.typed,
          ...(preferred ? { PREFERRED_CHALLENGE: preferred, PASSWORD: user.password } : {}),
        },
      }),
    );
    let step = init;
    if (init.body.ChallengeName === 'SELECT_CHALLENGE') {
      const ephemeral = createClientEphemeral();
      const verifier = seen(
        await this.call('RespondToAuthChallenge', {
          ChallengeName: 'SELECT_CHALLENGE',
          ClientId: this.clientId,
          Session: init.body.Session,
          ChallengeResponses: { USERNAME: user.typed, ANSWER: 'PASSWORD_SRP', SRP_A: ephemeral.AHex },
        }),
      );
      step = seen(await this.answerPasswordVerifier(user, verifier, ephemeral));
    }
    return { ...(await this.answerMfa(user, step)), challenges };
  }

  private async answerPasswordVerifier(
    user: SimUser,
    challenge: CallResult,
    ephemeral: ReturnType<typeof createClientEphemeral>,
  ): Promise<CallResult> {
    const p = challenge.body.ChallengeParameters as Record<string, string>;
    const claim = await computePasswordClaim({
      ephemeral,
      srpB: p.SRP_B!,
      salt: p.SALT!,
      secretBlock: p.SECRET_BLOCK!,
      namePart1: userPoolName(this.poolId),
      namePart2: p.USER_ID_FOR_SRP!,
      secret: user.password,
    });
    return this.call('RespondToAuthChallenge', {
      ChallengeName: 'PASSWORD_VERIFIER',
      ClientId: this.clientId,
      Session: challenge.body.Session,
      ChallengeResponses: {
        USERNAME: p.USER_ID_FOR_SRP,
        PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK,
        TIMESTAMP: claim.timestamp,
        PASSWORD_CLAIM_SIGNATURE: claim.signature,
      },
    });
  }

  /** Answers a TOTP prompt, naming the user as Cognito did; anything else is the result as it is. */
  private async answerMfa(
    user: SimUser,
    step: CallResult,
  ): Promise<{ mfaAsked: boolean; result: CallResult }> {
    if (step.body.ChallengeName !== 'SOFTWARE_TOKEN_MFA') return { mfaAsked: false, result: step };
    const p = step.body.ChallengeParameters as Record<string, string>;
    const result = await this.call('RespondToAuthChallenge', {
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      ClientId: this.clientId,
      Session: step.body.Session,
      ChallengeResponses: {
        USERNAME: p.USER_ID_FOR_SRP ?? user.typed,
        SOFTWARE_TOKEN_MFA_CODE: await this.totp(user.totpSecret),
      },
    });
    return { mfaAsked: true, result };
  }

  /**
   * USER_PASSWORD_AUTH as an AWS SDK page does it: the typed name (or `username`), SECRET_HASH over the
   * name sent when the app client has a secret; the TOTP answer names the user as Cognito did
   * (USER_ID_FOR_SRP), with its own SECRET_HASH over that name.
   */
  async signInPassword(
    user: SimUser,
    opts: { username?: string; clientSecret?: string } = {},
  ): Promise<{ mfaAsked: boolean; result: CallResult }> {
    const name = opts.username ?? user.typed;
    const secret = opts.clientSecret;
    const hash = (n: string) =>
      secret
        ? {
            SECRET_HASH: createHmac('sha256', secret)
              .update(n + this.clientId)
              .digest('base64'),
          }
        : {};
    const init = await this.call('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: this.clientId,
      AuthParameters: { USERNAME: name, PASSWORD: user.password, ...hash(name) },
    });
    if (init.body.ChallengeName !== 'SOFTWARE_TOKEN_MFA') return { mfaAsked: false, result: init };
    const canonical = (init.body.ChallengeParameters as Record<string, string>).USER_ID_FOR_SRP ?? name;
    const result = await this.call('RespondToAuthChallenge', {
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      ClientId: this.clientId,
      Session: init.body.Session,
      ChallengeResponses: {
        USERNAME: canonical,
        SOFTWARE_TOKEN_MFA_CODE: await this.totp(user.totpSecret),
        ...hash(canonical),
      },
    });
    return { mfaAsked: true, result };
  }

  refresh(refreshToken: string): Promise<CallResult> {
    return this.call('InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: this.clientId,
      AuthParameters: { REFRESH_TOKEN: refreshToken },
    });
  }
}

const PREFIX = 'AWSCognitoIdentityProviderService.';

/**
 * Routes the global fetch through the carrier the way the page hook does in a browser: a POST with a
 * Cognito X-Amz-Target is handed to handleCognitoCall, a passthrough is sent natively, anything else
 * is untouched. Lets an official client (amazon-cognito-identity-js, Amplify) run unmodified as a page
 * on `ctx.origin`. Returns the function that puts the native fetch back.
 */
export function routeFetchThroughCarrier(ctx: CallContext): () => void {
  const hooked: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    const target = headers.get('x-amz-target') ?? '';
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    if (method.toUpperCase() !== 'POST' || !target.startsWith(PREFIX) || typeof init?.body !== 'string') {
      return nativeFetch(input, init);
    }
    const url = input instanceof Request ? input.url : String(input);
    const reply = await handleCognitoCall(ctx, {
      type: 'cognito.call',
      endpoint: url,
      operation: target.slice(PREFIX.length),
      body: init.body,
    });
    if (reply.kind === 'passthrough') return nativeFetch(input, init);
    if (reply.kind === 'error') throw new TypeError(reply.message);
    return new Response(reply.body, { status: reply.status, headers: reply.headers });
  };
  globalThis.fetch = hooked;
  return () => {
    if (globalThis.fetch === hooked) globalThis.fetch = nativeFetch;
  };
}
