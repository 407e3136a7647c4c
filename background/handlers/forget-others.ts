import { type CognitoClient, isCognitoError } from '../../src/cognito/index.ts';
import type { ForgetOutcome } from '../../src/messages/index.ts';

/**
 * "Forget my other devices" (a lost laptop): ForgetDevice for each device the person confirmed, one
 * at a time with the account's access token (AWS API reference, ForgetDevice), never this browser's
 * own (`keep`). Each device gets its own outcome, so a partial failure says which ones are left.
 * A device Cognito no longer has is already forgotten.
 */
export async function forgetEach(
  client: CognitoClient,
  accessToken: string,
  deviceKeys: string[],
  keep: ReadonlySet<string>,
): Promise<ForgetOutcome[]> {
  const out: ForgetOutcome[] = [];
  for (const deviceKey of new Set(deviceKeys)) {
    if (keep.has(deviceKey)) {
      out.push({ deviceKey, forgotten: false, error: 'This browser’s own device is kept.' });
      continue;
    }
    try {
      await client.forgetDevice({ AccessToken: accessToken, DeviceKey: deviceKey });
      out.push({ deviceKey, forgotten: true });
    } catch (error) {
      if (isCognitoError(error, 'ResourceNotFoundException')) out.push({ deviceKey, forgotten: true });
      else if (isCognitoError(error)) out.push({ deviceKey, forgotten: false, error: error.message });
      else out.push({ deviceKey, forgotten: false, error: 'Could not reach Cognito.' });
    }
  }
  return out;
}
