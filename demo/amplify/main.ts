// Demo site on aws-amplify v6. Amplify does its own device remembering (ConfirmDevice after
// NewDeviceMetadata, keys in localStorage, DEVICE_SRP_AUTH on later sign-ins): the baseline the
// extension is measured against.
import { Amplify } from 'aws-amplify';
import {
  confirmSignIn,
  fetchAuthSession,
  fetchDevices,
  forgetDevice,
  getCurrentUser,
  rememberDevice,
  type SignInOutput,
  signIn,
  signOut,
} from 'aws-amplify/auth';
import type { AuthDriver, SignInStep, SiteConfig } from '../../dev/demo-sites/contract.ts';
import { startDemoPage } from '../shared/page.ts';

async function step(output: SignInOutput): Promise<SignInStep> {
  const next = output.nextStep.signInStep;
  if (next === 'CONFIRM_SIGN_IN_WITH_TOTP_CODE') return { step: 'mfa' };
  if (next === 'DONE') {
    const { username } = await getCurrentUser();
    // Amplify confirms new devices itself and does not tell the app whether the user must be asked.
    return { step: 'done', user: username, deviceConfirmationNecessary: null };
  }
  throw new Error(`this demo does not handle the sign-in step ${next}`);
}

function amplifyDriver(config: SiteConfig): AuthDriver {
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
    library: 'amplify',
    async restore() {
      try {
        return (await getCurrentUser()).username;
      } catch {
        return null;
      }
    },
    signIn: async (username, password) =>
      step(await signIn({ username, password, options: { authFlowType: 'USER_SRP_AUTH' } })),
    confirmMfa: async (code) => step(await confirmSignIn({ challengeResponse: code })),
    signOut: () => signOut(),
    async refresh() {
      const session = await fetchAuthSession({ forceRefresh: true });
      if (!session.tokens) throw new Error('refresh returned no tokens');
    },
    async listDevices() {
      const devices = await fetchDevices();
      return devices.map((d) => ({
        key: d.id,
        name: d.name ?? d.attributes.device_name ?? null,
        lastAuthenticated: d.lastAuthenticatedDate?.toISOString() ?? null,
      }));
    },
    rememberDevice: () => rememberDevice(),
    forgetDevice: (deviceKey) => (deviceKey ? forgetDevice({ device: { id: deviceKey } }) : forgetDevice()),
  };
}

startDemoPage('Demo site · Amplify v6', amplifyDriver);
