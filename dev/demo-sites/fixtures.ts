// Typed view of seed.json (the emulator seed of the demo, the tests and the benchmarks): one source
// of truth for pool ids, client ids, users, passwords and TOTP secrets.
import { fileURLToPath } from 'node:url';
import seed from './seed.json' with { type: 'json' };

export { totpNow, totpRemainingMs } from './totp.ts';

/** Path of the seed file, for `startEmulator({ seed: DEMO_SEED_PATH })`. */
export const DEMO_SEED_PATH: string = fileURLToPath(new URL('./seed.json', import.meta.url));

export interface DemoUser {
  /** Canonical username (USER_ID_FOR_SRP); differs from what people type. */
  readonly username: string;
  /** What a person types in the sign-in form: the email alias. */
  readonly email: string;
  readonly password: string;
  /** Base32 TOTP secret registered for the user (SOFTWARE_TOKEN_MFA). */
  readonly totpSecret: string;
}

export interface DemoPool {
  readonly id: string;
  readonly name: string;
  readonly region: string;
  readonly clientId: string;
  /** Pool's DeviceOnlyRememberedOnUserPrompt: devices need UpdateDeviceStatus(remembered) to skip MFA. */
  readonly optIn: boolean;
  readonly users: readonly DemoUser[];
}

function poolFromSeed(id: string): DemoPool {
  const p = seed.pools.find((candidate) => candidate.Id === id);
  const client = p?.Clients[0];
  if (!p || !client) throw new Error(`dev/demo-sites/seed.json has no pool ${id} with a client`);
  return {
    id: p.Id,
    name: p.PoolName,
    region: p.Region,
    clientId: client.ClientId,
    optIn: p.DeviceConfiguration.DeviceOnlyRememberedOnUserPrompt,
    users: p.Users.map((u) => ({
      username: u.Username,
      email: u.Attributes.email,
      password: u.Password,
      totpSecret: u.TotpSecret,
    })),
  };
}

function userOf(pool: DemoPool, username: string): DemoUser {
  const user = pool.users.find((u) => u.username === username);
  if (!user) throw new Error(`dev/demo-sites/seed.json: no user ${username} in ${pool.id}`);
  return user;
}

/** "Always remember" pool: a confirmed device skips MFA on the next sign-in. */
export const DEMO_POOL: DemoPool = poolFromSeed('us-east-1_DemoPool1');
/** "User opt-in" pool: DeviceOnlyRememberedOnUserPrompt, devices are remembered only on request. */
export const OPTIN_POOL: DemoPool = poolFromSeed('us-east-1_OptInPool1');
export const DEMO_POOLS: readonly DemoPool[] = [DEMO_POOL, OPTIN_POOL];

export const ALICE: DemoUser = userOf(DEMO_POOL, 'alice');
export const BOB: DemoUser = userOf(DEMO_POOL, 'bob');
export const CAROL: DemoUser = userOf(DEMO_POOL, 'carol');
export const DAVE: DemoUser = userOf(DEMO_POOL, 'dave');
export const ERIN: DemoUser = userOf(OPTIN_POOL, 'erin');
export const FRANK: DemoUser = userOf(OPTIN_POOL, 'frank');
