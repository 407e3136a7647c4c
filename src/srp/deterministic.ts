/**
 * FOR TESTS AND BENCHMARKS ONLY: the same operations with caller-chosen secrets (a, b, salt, device
 * password) so known-answer vectors can be replayed. Production code uses the random versions in index.ts.
 */
export { clientEphemeralFromSecret } from './client.ts';
export { deviceVerifierFromSecrets } from './device-verifier.ts';
export {
  fixedBaseTableState,
  powG,
  prepareFixedBaseTable,
  resetFixedBaseTables,
  TABLE_BUILD_DELAY_MS,
} from './fixed-base.ts';
export { claimSignature, computeU, computeX, deriveKey } from './math.ts';
export { serverEphemeralFromSecret } from './server.ts';
