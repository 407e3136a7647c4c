// Bundled into the Amplify demo page by e2e.bench.ts (signInFloorMs): what the extension's
// background does for a remembered device, done by the page itself with this project's SRP and
// no extension: DEVICE_KEY added to Amplify's own password-SRP requests, DEVICE_SRP_AUTH and
// DEVICE_PASSWORD_VERIFIER answered here, Amplify handed the final response. On the first sign-in
// it confirms the device Cognito issued (and hides it from Amplify, as the extension does).
// The sign-in's cost without the relay and the worker, so the extension's own overhead shows.
import {
  type ClientEphemeral,
  computePasswordClaim,
  createClientEphemeral,
  createDeviceVerifier,
} from '../../src/srp/index.ts';

interface FloorDevice {
  deviceKey: string;
  groupKey: string;
  password: string;
}
type Json = Record<string, unknown>;

const inner = window.fetch.bind(window);
let device: FloorDevice | undefined;
let endpoint = '';

async function call(operation: string, body: Json): Promise<{ status: number; json: Json; text: string }> {
  const res = await inner(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: JSON.parse(text) as Json, text };
}

const reply = (text: string, status = 200) =>
  new Response(text, { status, headers: { 'content-type': 'application/x-amz-json-1.1' } });
const params = (j: Json) => (j.ChallengeParameters ?? {}) as Record<string, string>;

async function answerDevice(challenge: Json, d: FloorDevice, ephemeral: ClientEphemeral): Promise<Response> {
  const clientId = String(challenge.clientId);
  const username = params(challenge).USERNAME ?? '';
  const srp = await call('RespondToAuthChallenge', {
    ChallengeName: 'DEVICE_SRP_AUTH',
    ClientId: clientId,
    Session: challenge.Session,
    ChallengeResponses: { USERNAME: username, DEVICE_KEY: d.deviceKey, SRP_A: ephemeral.AHex },
  });
  if (srp.status !== 200) return reply(srp.text, srp.status);
  const p = params(srp.json);
  const claim = await computePasswordClaim({
    ephemeral,
    srpB: p.SRP_B ?? '',
    salt: p.SALT ?? '',
    secretBlock: p.SECRET_BLOCK ?? '',
    namePart1: d.groupKey,
    namePart2: d.deviceKey,
    secret: d.password,
  });
  const done = await call('RespondToAuthChallenge', {
    ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
    ClientId: clientId,
    Session: srp.json.Session,
    ChallengeResponses: {
      USERNAME: p.USERNAME ?? username,
      DEVICE_KEY: d.deviceKey,
      PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK ?? '',
      PASSWORD_CLAIM_SIGNATURE: claim.signature,
      TIMESTAMP: claim.timestamp,
    },
  });
  return reply(done.text, done.status);
}

async function confirmNewDevice(result: Json): Promise<void> {
  const meta = result.NewDeviceMetadata as { DeviceKey: string; DeviceGroupKey: string };
  const verifier = await createDeviceVerifier(meta.DeviceGroupKey, meta.DeviceKey);
  const confirmed = await call('ConfirmDevice', {
    AccessToken: result.AccessToken,
    DeviceKey: meta.DeviceKey,
    DeviceSecretVerifierConfig: verifier.verifierConfig,
    DeviceName: 'bench floor',
  });
  if (confirmed.status !== 200) throw new Error(`ConfirmDevice: ${confirmed.text}`);
  device = { deviceKey: meta.DeviceKey, groupKey: meta.DeviceGroupKey, password: verifier.devicePassword };
  delete result.NewDeviceMetadata;
}

window.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const target = new Headers(init?.headers).get('x-amz-target') ?? '';
  const operation = target.split('.').pop() ?? '';
  if (!target.startsWith('AWSCognitoIdentityProviderService.') || typeof init?.body !== 'string')
    return inner(input, init);
  endpoint = input instanceof Request ? input.url : String(input);
  const body = JSON.parse(init.body) as Json;
  const d = device;
  let ephemeral: ClientEphemeral | undefined;
  if (d && operation === 'InitiateAuth')
    body.AuthParameters = { ...(body.AuthParameters as Json), DEVICE_KEY: d.deviceKey };
  if (d && operation === 'RespondToAuthChallenge' && body.ChallengeName === 'PASSWORD_VERIFIER')
    body.ChallengeResponses = { ...(body.ChallengeResponses as Json), DEVICE_KEY: d.deviceKey };
  const pending = call(operation, body);
  // As the background does: the device SRP's expensive half while the password step is in flight.
  if (d && body.ChallengeName === 'PASSWORD_VERIFIER') ephemeral = createClientEphemeral();
  const res = await pending;
  if (res.status !== 200) return reply(res.text, res.status);
  if (d && ephemeral && res.json.ChallengeName === 'DEVICE_SRP_AUTH')
    return answerDevice({ ...res.json, clientId: body.ClientId }, d, ephemeral);
  const result = res.json.AuthenticationResult as Json | undefined;
  if (result?.NewDeviceMetadata) {
    await confirmNewDevice(result);
    return reply(JSON.stringify(res.json));
  }
  return reply(res.text);
};
