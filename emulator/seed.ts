import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Emulator, RequestContext } from './context.ts';
import { createClientRecord } from './domain/clients.ts';
import { createPoolRecord } from './domain/pools.ts';
import { createUser } from './domain/users.ts';
import type { PoolEmulatorOptions } from './store/records.ts';
import { isHttpTrigger } from './triggers/config.ts';
import { loadHandler } from './triggers/invoke.ts';

/** A seed file (also `--seed <file>`). Given ids are kept, so demo configs can name them statically. */
export interface SeedFile {
  pools: SeedPool[];
}

export interface SeedPool {
  /** e.g. 'us-east-1_DemoPool1'; default: random `<region>_<9 chars>`. */
  Id?: string;
  PoolName: string;
  /** Default us-east-1. */
  Region?: string;
  MfaConfiguration?: 'OFF' | 'ON' | 'OPTIONAL';
  DeviceConfiguration?: {
    ChallengeRequiredOnNewDevice?: boolean;
    DeviceOnlyRememberedOnUserPrompt?: boolean;
  };
  UsernameAttributes?: ('email' | 'phone_number')[];
  AliasAttributes?: ('email' | 'phone_number' | 'preferred_username')[];
  /** Behaviours AWS documents only in part; defaults and their sources in emulator/README.md. */
  EmulatorOptions?: Partial<PoolEmulatorOptions>;
  /** USER_AUTH first factors: PASSWORD (required), EMAIL_OTP, SMS_OTP, WEB_AUTHN. Default PASSWORD only. */
  SignInPolicy?: { AllowedFirstAuthFactors: string[] };
  /**
   * Lambda triggers, each a module path (relative to the seed file) or an http(s) URL:
   * DefineAuthChallenge, CreateAuthChallenge, VerifyAuthChallengeResponse, PreTokenGeneration, PostAuthentication.
   */
  LambdaConfig?: Record<string, string>;
  Clients?: SeedClient[];
  Users?: SeedUser[];
}

export interface SeedClient {
  ClientId?: string;
  ClientName: string;
  ExplicitAuthFlows?: string[];
  GenerateSecret?: boolean;
  ClientSecret?: string;
  AuthSessionValidity?: number;
  /** As CreateUserPoolClient takes it: GetTokensFromRefreshToken then rotates refresh tokens. */
  RefreshTokenRotation?: { Feature: 'ENABLED' | 'DISABLED'; RetryGracePeriodSeconds?: number };
}

export interface SeedUser {
  Username: string;
  Password: string;
  /** email/phone_number are marked verified unless the seed says otherwise. */
  Attributes?: Record<string, string>;
  /** Base32 TOTP secret: SOFTWARE_TOKEN_MFA enabled and preferred. */
  TotpSecret?: string;
  SmsMfa?: boolean;
  EmailMfa?: boolean;
  /** Default CONFIRMED. */
  Status?: 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD';
}

export function loadSeed(seed: SeedFile | string): SeedFile {
  const parsed = typeof seed === 'string' ? (JSON.parse(readFileSync(seed, 'utf8')) as SeedFile) : seed;
  if (!parsed || !Array.isArray(parsed.pools)) throw new Error('Seed must be {"pools": [...]}');
  if (typeof seed === 'string') {
    // Trigger module paths in a seed file are relative to that file.
    for (const p of parsed.pools) {
      for (const [name, target] of Object.entries(p.LambdaConfig ?? {})) {
        if (
          typeof target === 'string' &&
          !isHttpTrigger(target) &&
          !target.startsWith('arn:') &&
          !isAbsolute(target)
        ) {
          p.LambdaConfig![name] = resolve(dirname(seed), target);
        }
      }
    }
  }
  return parsed;
}

/** Imports every module trigger of a pool now, so a module without a handler is refused at start. */
async function checkTriggerModules(
  poolName: string,
  triggers: Record<string, string> | undefined,
): Promise<void> {
  for (const [name, target] of Object.entries(triggers ?? {})) {
    if (isHttpTrigger(target)) continue;
    try {
      await loadHandler(target);
    } catch (err) {
      throw new Error(
        `Seed pool ${poolName}: LambdaConfig.${name}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
}

/** Creates what the seed describes; anything that already exists (a reused --data file) is kept as is. */
export async function applySeed(emu: Emulator, seed: SeedFile): Promise<void> {
  const rc: RequestContext = { emu, ip: '127.0.0.1' };
  for (const p of seed.pools) {
    let pool = p.Id ? emu.store.pools.get(p.Id) : undefined;
    if (!pool) {
      const input: Record<string, unknown> = { PoolName: p.PoolName };
      if (p.MfaConfiguration) input.MfaConfiguration = p.MfaConfiguration;
      if (p.DeviceConfiguration) input.DeviceConfiguration = p.DeviceConfiguration;
      if (p.UsernameAttributes) input.UsernameAttributes = p.UsernameAttributes;
      if (p.AliasAttributes) input.AliasAttributes = p.AliasAttributes;
      if (p.EmulatorOptions) input.EmulatorOptions = p.EmulatorOptions;
      if (p.SignInPolicy) input.Policies = { SignInPolicy: p.SignInPolicy };
      if (p.LambdaConfig) input.LambdaConfig = p.LambdaConfig;
      try {
        pool = createPoolRecord(rc, input, p.Id, p.Region ?? 'us-east-1', 'seed');
      } catch (err) {
        throw new Error(`Seed pool ${p.PoolName}: ${err instanceof Error ? err.message : String(err)}`);
      }
      await checkTriggerModules(p.PoolName, pool.triggers);
      emu.store.putPool(pool);
      void emu.tokens.keysFor(pool.id).catch(() => {});
    }
    for (const c of p.Clients ?? []) {
      if (c.ClientId && emu.store.clients.has(c.ClientId)) continue;
      const input: Record<string, unknown> = { UserPoolId: pool.id, ClientName: c.ClientName };
      if (c.ExplicitAuthFlows) input.ExplicitAuthFlows = c.ExplicitAuthFlows;
      if (c.AuthSessionValidity) input.AuthSessionValidity = c.AuthSessionValidity;
      if (c.GenerateSecret) input.GenerateSecret = true;
      if (c.RefreshTokenRotation) input.RefreshTokenRotation = c.RefreshTokenRotation;
      const client = createClientRecord(rc, pool, input, {
        ...(c.ClientId ? { id: c.ClientId } : {}),
        ...(c.ClientSecret ? { secret: c.ClientSecret } : {}),
      });
      emu.store.putClient(client);
    }
    for (const u of p.Users ?? []) {
      if (emu.store.findUserByLogin(pool, u.Username)) continue;
      const attributes = { ...(u.Attributes ?? {}) };
      if (attributes.email && attributes.email_verified === undefined) attributes.email_verified = 'true';
      if (attributes.phone_number && attributes.phone_number_verified === undefined) {
        attributes.phone_number_verified = 'true';
      }
      const user = await createUser(rc, pool, {
        username: u.Username,
        password: u.Password,
        attributes,
        status: u.Status ?? 'CONFIRMED',
        skipPolicy: true,
      });
      if (pool.usernameAttributes.length) {
        // The typed email/phone became an attribute: verified too, so it can receive codes.
        if (user.attributes.email && user.attributes.email_verified === undefined)
          user.attributes.email_verified = 'true';
        if (user.attributes.phone_number && user.attributes.phone_number_verified === undefined) {
          user.attributes.phone_number_verified = 'true';
        }
      }
      if (u.SmsMfa) user.mfa.sms = true;
      if (u.EmailMfa) user.mfa.email = true;
      if (u.TotpSecret) {
        user.totpSecret = u.TotpSecret;
        user.mfa.totp = true;
        user.mfa.preferred = 'SOFTWARE_TOKEN_MFA';
      }
      emu.store.putUser(user);
    }
  }
}
