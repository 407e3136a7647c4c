// The seed records the integration and reliability suites build again and again: users a simulated
// page signs in as, and pools with one SRP web client and device tracking.
import { Secret } from 'otpauth';
import type { SeedClient, SeedPool, SeedUser } from '../../emulator/index.ts';
import type { SimUser } from './page-simulator.ts';

/** Device tracking on, every confirmed device remembered (a remembered device skips MFA). */
export const DEVICES_ALWAYS = { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false };
/** Device tracking on, a device remembered only on UpdateDeviceStatus (DeviceOnlyRememberedOnUserPrompt). */
export const DEVICES_OPT_IN = { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true };

/** A user a simulated page signs in as: `typed` is what it sends as USERNAME (default the email). */
export interface PageUser extends SimUser {
  username: string;
}

/** Password `<name>-Passw0rd!` and a fresh TOTP secret. */
export function pageUser(name: string, typed = `${name}@example.com`): PageUser {
  return {
    username: name,
    typed,
    password: `${name}-Passw0rd!`,
    totpSecret: new Secret({ size: 20 }).base32,
  };
}

/** The seed record of `user`: email `<name>@example.com`, verified; its TOTP secret unless `totp` is false. */
export function seedUserOf(user: PageUser, totp = true): SeedUser {
  const seed = mfaUser(user.username, user.password, user.totpSecret);
  if (!totp) delete seed.TotpSecret;
  return seed;
}

/** A seed user with a verified email (`<name>@example.com` unless the name is one) and a TOTP secret. */
export function mfaUser(username: string, password: string, totpSecret: string): SeedUser {
  const email = username.includes('@') ? username : `${username}@example.com`;
  return {
    Username: username,
    Password: password,
    Attributes: { email, email_verified: 'true' },
    TotpSecret: totpSecret,
  };
}

/** Page users by name: `seed` makes them and returns their seed records, `get` finds one again. */
export class PageUsers {
  private readonly byName = new Map<string, PageUser>();
  /** `typedOf(name)` is what the page sends as USERNAME: the email unless told otherwise. */
  constructor(private readonly typedOf: (name: string) => string = (name) => `${name}@example.com`) {}

  seed(names: string[], totp = true): SeedUser[] {
    return names.map((name) => {
      const user = pageUser(name, this.typedOf(name));
      this.byName.set(name, user);
      return seedUserOf(user, totp);
    });
  }

  get(name: string): PageUser {
    const user = this.byName.get(name);
    if (!user) throw new Error(`no page user ${name} was seeded`);
    return user;
  }
}

/** An app client that signs in with SRP and refreshes: what the demo sites' libraries use. */
export function srpWebClient(clientId: string): SeedClient {
  return {
    ClientId: clientId,
    ClientName: 'web',
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  };
}

/** The pool the device flows run on: email alias, devices tracked (`optIn`: remembered on request). */
export function aliasDevicePool(
  id: string,
  clientId: string,
  users: SeedUser[],
  { mfa = 'ON', optIn = false }: { mfa?: 'ON' | 'OFF'; optIn?: boolean } = {},
): SeedPool {
  return srpPool(id, clientId, users, {
    MfaConfiguration: mfa,
    DeviceConfiguration: optIn ? DEVICES_OPT_IN : DEVICES_ALWAYS,
    AliasAttributes: ['email'],
  });
}

/** A pool named after its id (us-east-1), MFA on, one SRP web client; `extra` overrides or adds fields. */
export function srpPool(
  id: string,
  clientId: string,
  users: SeedUser[],
  extra: Partial<SeedPool> = {},
): SeedPool {
  return {
    Id: id,
    PoolName: id.split('_')[1] ?? id,
    Region: 'us-east-1',
    MfaConfiguration: 'ON',
    Clients: [srpWebClient(clientId)],
    Users: users,
    ...extra,
  };
}
