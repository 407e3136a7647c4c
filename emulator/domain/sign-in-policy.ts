import { invalidParameter } from '../http/errors.ts';
import type { PoolRecord } from '../store/records.ts';
import { type Json, optObject, optStringArray } from '../validate.ts';

/**
 * The pool's `Policies.SignInPolicy.AllowedFirstAuthFactors` (AWS API reference, SignInPolicyType:
 * PASSWORD, EMAIL_OTP, SMS_OTP, WEB_AUTHN; the default policy allows PASSWORD only).
 */
export const FIRST_AUTH_FACTORS = ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'];
export const DEFAULT_FIRST_AUTH_FACTORS = ['PASSWORD'];

/** The factors given in CreateUserPool/UpdateUserPool, or undefined when the request has none. */
export function parseSignInPolicy(input: Json): string[] | undefined {
  const policies = optObject(input, 'Policies');
  const signIn = policies && optObject(policies, 'SignInPolicy');
  const factors = signIn && optStringArray(signIn, 'AllowedFirstAuthFactors', 4);
  if (!factors) return undefined;
  for (const f of factors) {
    if (!FIRST_AUTH_FACTORS.includes(f)) {
      throw invalidParameter(
        `1 validation error detected: Value '[${factors.join(', ')}]' at 'policies.signInPolicy.allowedFirstAuthFactors' failed to satisfy constraint: Member must satisfy enum value set: [${FIRST_AUTH_FACTORS.join(', ')}]`,
      );
    }
  }
  // The AWS console and CDK both require password sign-in to stay allowed; the emulator refuses a policy without it.
  if (!factors.includes('PASSWORD')) {
    throw invalidParameter('AllowedFirstAuthFactors must include PASSWORD.');
  }
  return [...new Set(factors)];
}

export const firstAuthFactors = (pool: PoolRecord): string[] =>
  pool.allowedFirstAuthFactors ?? DEFAULT_FIRST_AUTH_FACTORS;
