// Cognito misbehaving at each call the extension makes: an error answer (InternalErrorException,
// TooManyRequestsException), a delay past the client's timeout, a dropped connection, injected
// through the emulator's fault API at exactly one step. The page must get Cognito's error, a clear
// retryable failure, or a normal MFA; the vault must stay consistent; no secret may be logged;
// and trying again must end with exactly one device at Cognito, the one the vault holds.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { Tally } from './support/figures.ts';
import { actWith, expectNoSecretLeak, FLOWS, startWorldForFlows } from './support/flows.ts';
import { DELAY_MS, World } from './support/world.ts';

const world = new World();
const tally = new Tally();
const KINDS = ['error', 'throttle', 'delay', 'drop'] as const;
const outcomes: Record<string, number> = {};

beforeAll(() => startWorldForFlows(world));
afterAll(async () => {
  tally.details.steps = new Set(FLOWS.flatMap((f) => f.steps)).size;
  tally.details.faultKinds = KINDS.length;
  for (const [k, n] of Object.entries(outcomes)) tally.details[`outcome:${k}`] = n;
  tally.write('cognito-faults');
  await world.close();
});

describe('a Cognito fault at each step of each flow', () => {
  for (const flow of FLOWS) {
    for (const step of flow.steps) {
      for (const kind of KINDS) {
        it(`${flow.name}: ${kind} at ${step}`, async () => {
          await tally.check(`${flow.name} / ${kind} at ${step}`, async () => {
            const state = await flow.prepare(world);
            const outcome = await actWith(world, flow, state, { step, kind });
            outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
            // A delayed request still lands at Cognito after the client gave up: let it, then try again.
            if (kind === 'delay') await new Promise((r) => setTimeout(r, DELAY_MS + 200));
            await flow.verify(world, state);
            await expectNoSecretLeak(world, [state.page]);
          });
        });
      }
    }
  }
});
