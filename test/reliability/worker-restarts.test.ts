// The service worker (Chrome) or event page (Firefox) can be stopped at any moment. For every flow
// and every Cognito step it makes, the worker is stopped just before the request goes out and just
// after it was answered (the answer is lost with the worker); the background's modules are then
// loaded afresh (IndexedDB and storage.session stay), the person tries again, and the flow must
// complete with the vault and Cognito in agreement.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Tally } from './support/figures.ts';
import { actWith, expectNoSecretLeak, FLOWS, startWorldForFlows } from './support/flows.ts';
import { World } from './support/world.ts';

const world = new World();
const tally = new Tally();

beforeAll(() => startWorldForFlows(world));
afterAll(async () => {
  tally.details.flows = FLOWS.length;
  tally.details.stopPoints = FLOWS.reduce((n, f) => n + f.steps.length * 2, 0);
  tally.write('worker-restarts');
  await world.close();
});

describe('worker stopped before or after each step of each flow', () => {
  for (const flow of FLOWS) {
    for (const step of flow.steps) {
      for (const kind of ['stop-before', 'stop-after'] as const) {
        it(`${flow.name}: ${kind.replace('stop-', 'stopped ')} ${step}`, async () => {
          await tally.check(`${flow.name} / ${kind} ${step}`, async () => {
            const state = await flow.prepare(world);
            const outcome = await actWith(world, flow, state, { step, kind });
            // The person sees a failure they can retry (the hook reports a network error), never a hang.
            expect(['carrier-error', 'popup-error']).toContain(outcome);
            await world.restartWorker();
            await flow.verify(world, state);
            await expectNoSecretLeak(world, [state.page]);
          });
        });
      }
    }
  }
});
