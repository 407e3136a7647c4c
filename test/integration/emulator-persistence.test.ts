import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { type SeedFile, startEmulator } from '../../emulator/index.ts';
import {
  answerDeviceChallenge,
  authResult,
  confirmDevice,
  EmulatorClient,
  readHealth,
  signInTokens,
  srpSignIn,
} from '../support/emulator-client.ts';
import { totpAt } from '../support/totp.ts';

const dir = mkdtempSync(join(tmpdir(), 'emulator-persist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const POOL = 'us-east-1_Persist1';
const TOTP = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const seed: SeedFile = {
  pools: [
    {
      Id: POOL,
      PoolName: 'persist',
      MfaConfiguration: 'ON',
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
      Clients: [{ ClientId: 'persistclient', ClientName: 'web' }],
      Users: [{ Username: 'ada', Password: 'Passw0rd!', TotpSecret: TOTP }],
    },
  ],
};

describe('--data persistence', () => {
  it('keeps pools, users, devices, refresh tokens and signing keys across a restart', async () => {
    const dataFile = join(dir, 'data.sqlite');
    let emu = await startEmulator({ quiet: true, dataFile, seed });
    let c = new EmulatorClient(emu.url);
    const pv = await srpSignIn(c, POOL, 'persistclient', 'ada', 'Passw0rd!');
    const out = await c.call('RespondToAuthChallenge', {
      ClientId: 'persistclient',
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      Session: pv.Session,
      ChallengeResponses: { USERNAME: 'ada', SOFTWARE_TOKEN_MFA_CODE: totpAt(TOTP, Date.now()) },
    });
    const tokens = signInTokens(out);
    const device = await confirmDevice(c, tokens.AccessToken, tokens.NewDeviceMetadata);
    const jwksBefore: unknown = await (await fetch(`${emu.url}/${POOL}/.well-known/jwks.json`)).json();
    await emu.close();

    // Passwords are stored only as verifier + salt.
    const db = new Database(dataFile, { readonly: true });
    const users = db.prepare('SELECT data FROM users').all() as { data: string }[];
    expect(users.map((u) => u.data).join('')).not.toContain('Passw0rd!');
    expect(
      (db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number }).v,
    ).toBeGreaterThanOrEqual(1);
    db.close();

    emu = await startEmulator({ quiet: true, dataFile, seed }); // re-seeding keeps what exists
    c = new EmulatorClient(emu.url);
    try {
      expect(await (await fetch(`${emu.url}/${POOL}/.well-known/jwks.json`)).json()).toEqual(jwksBefore);
      const user = await c.call('GetUser', { AccessToken: tokens.AccessToken }); // still valid: same key, same token record
      expect(user.Username).toBe('ada');
      const refreshed = await c.call('InitiateAuth', {
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: 'persistclient',
        AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken, DEVICE_KEY: device.deviceKey },
      });
      expect(authResult(refreshed).AccessToken).toBeTruthy();
      const again = await srpSignIn(c, POOL, 'persistclient', 'ada', 'Passw0rd!', device.deviceKey);
      expect(again.ChallengeName).toBe('DEVICE_SRP_AUTH');
      const done = await answerDeviceChallenge(c, 'persistclient', again.Session, 'ada', device);
      expect(authResult(done).AccessToken).toBeTruthy();
    } finally {
      await emu.close();
    }
  });
});

describe('schema versions', () => {
  it('refuses a data file written by a newer emulator instead of misreading it', async () => {
    const dataFile = join(dir, 'future.sqlite');
    const db = new Database(dataFile);
    db.exec('CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)');
    db.prepare('INSERT INTO schema_version VALUES (?, ?)').run(999, new Date().toISOString());
    db.close();
    await expect(startEmulator({ quiet: true, dataFile })).rejects.toThrow(/schema version 999 is newer/);
  });
});

describe('cli', () => {
  it('prints one ready line, serves, and exits cleanly on SIGTERM', async () => {
    const seedFile = join(dir, 'seed.json');
    writeFileSync(seedFile, JSON.stringify(seed));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'emulator/cli.ts', '--port', '0', '--seed', seedFile, '--quiet'],
      {
        cwd: join(import.meta.dirname, '../..'),
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      await checkCli(child);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});

async function checkCli(child: ReturnType<typeof spawn>): Promise<void> {
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve) => lines.once('line', resolve));
  expect(first).toMatch(/^cognito emulator listening on http:\/\/127\.0\.0\.1:\d+$/);
  const url = first.split(' ').pop()!;
  const health = await readHealth(url);
  expect(health).toMatchObject({ status: 'ok', pools: 1 });
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  expect(await exit).toBe(0);
}
