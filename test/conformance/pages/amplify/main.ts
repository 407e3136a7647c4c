// Conformance site on aws-amplify v6: every sign-in flow Amplify offers, its refresh, and its own
// device calls, through the public API only (aws-amplify/auth).
import { Amplify } from 'aws-amplify';
import {
  confirmSignIn,
  fetchAuthSession,
  fetchDevices,
  forgetDevice,
  getCurrentUser,
  rememberDevice,
  type SignInInput,
  type SignInOutput,
  signIn,
  signOut,
} from 'aws-amplify/auth';
import type { ConformanceSiteConfig, ConformanceStep } from '../shared/contract.ts';
import { type ClientDriver, startConformancePage, tokenId, wrap } from '../shared/page.ts';

/** The runner's flow names → Amplify's signIn options. */
function signInInput(flow: string, username: string, password: string): SignInInput {
  switch (flow) {
    case 'USER_SRP_AUTH':
    case 'USER_PASSWORD_AUTH':
    case 'CUSTOM_WITH_SRP':
      return { username, password, options: { authFlowType: flow } };
    case 'CUSTOM_WITHOUT_SRP':
      // Amplify refuses a password here: the custom challenge is the only proof.
      return { username, options: { authFlowType: 'CUSTOM_WITHOUT_SRP' } };
    case 'USER_AUTH:PASSWORD_SRP':
      return {
        username,
        password,
        options: { authFlowType: 'USER_AUTH', preferredChallenge: 'PASSWORD_SRP' },
      };
    case 'USER_AUTH:PASSWORD':
      return { username, password, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'PASSWORD' } };
    case 'USER_AUTH:SELECT_CHALLENGE':
      return { username, options: { authFlowType: 'USER_AUTH' } };
    default:
      throw new Error(`amplify page: unknown flow ${flow}`);
  }
}

async function step(output: SignInOutput): Promise<ConformanceStep> {
  const next = output.nextStep;
  switch (next.signInStep) {
    case 'DONE':
      return { kind: 'done', username: (await getCurrentUser()).username };
    case 'CONFIRM_SIGN_IN_WITH_TOTP_CODE':
      return { kind: 'code', factor: 'TOTP' };
    case 'CONFIRM_SIGN_IN_WITH_SMS_CODE':
      return { kind: 'code', factor: 'SMS' };
    case 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE':
      return { kind: 'code', factor: 'EMAIL' };
    case 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE':
      return { kind: 'custom' };
    case 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION':
      return { kind: 'select', available: [...(next.availableChallenges ?? [])] };
    case 'CONFIRM_SIGN_IN_WITH_PASSWORD':
      return { kind: 'password' };
    default:
      return { kind: 'other', name: next.signInStep };
  }
}

function amplifyDriver(config: ConformanceSiteConfig): ClientDriver {
  Amplify.configure({
    Auth: {
      Cognito: {
        userPoolId: config.userPoolId,
        userPoolClientId: config.userPoolClientId,
        userPoolEndpoint: config.userPoolEndpoint,
      },
    },
  });
  return {
    signIn: (flow, username, password) =>
      wrap(async () => step(await signIn(signInInput(flow, username, password)))),
    answer: (response) => wrap(async () => step(await confirmSignIn({ challengeResponse: response }))),
    refresh: () =>
      wrap(async () =>
        tokenId((await fetchAuthSession({ forceRefresh: true })).tokens?.accessToken.toString()),
      ),
    listDevices: () => wrap(async () => (await fetchDevices()).map((d) => d.id)),
    rememberDevice: () => wrap(() => rememberDevice()),
    forgetDevice: (deviceKey) =>
      wrap(() => (deviceKey ? forgetDevice({ device: { id: deviceKey } }) : forgetDevice())),
    signOut: (global) => wrap(() => signOut({ global })),
  };
}

startConformancePage('amplify-v6', amplifyDriver);
