import type { RequestContext } from '../context.ts';
import { maskEmail, maskPhone } from '../outbox.ts';
import type { UserRecord } from '../store/records.ts';
import type { Json } from '../validate.ts';

/** Sends a code by email or SMS (to the outbox) and returns Cognito's CodeDeliveryDetails. */
export function deliverCode(
  rc: RequestContext,
  user: UserRecord,
  purpose: 'MFA' | 'SIGN_UP' | 'VERIFY_ATTRIBUTE',
  code: string,
  prefer: 'EMAIL' | 'SMS' = 'EMAIL',
): Json | undefined {
  const email = user.attributes.email;
  const phone = user.attributes.phone_number;
  const medium =
    prefer === 'EMAIL'
      ? email
        ? 'EMAIL'
        : phone
          ? 'SMS'
          : undefined
      : phone
        ? 'SMS'
        : email
          ? 'EMAIL'
          : undefined;
  if (!medium) return undefined;
  const destination = medium === 'EMAIL' ? email! : phone!;
  const what = purpose === 'MFA' ? 'authentication code' : 'verification code';
  rc.emu.outbox.send({
    poolId: user.poolId,
    username: user.username,
    medium,
    destination,
    purpose,
    code,
    message: `Your ${what} is ${code}`,
  });
  return {
    Destination: medium === 'EMAIL' ? maskEmail(destination) : maskPhone(destination),
    DeliveryMedium: medium,
    AttributeName: medium === 'EMAIL' ? 'email' : 'phone_number',
  };
}
