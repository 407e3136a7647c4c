/** SMS and email messages the emulator "sends": printed and readable at GET /_emulator/outbox. */
export interface OutboxMessage {
  poolId: string;
  username: string;
  medium: 'SMS' | 'EMAIL';
  destination: string;
  purpose: 'MFA' | 'SIGN_UP' | 'VERIFY_ATTRIBUTE' | 'TEMPORARY_PASSWORD';
  code: string;
  message: string;
  /** Epoch milliseconds. */
  sentAt: number;
}

const LIMIT = 1000;

export class Outbox {
  private readonly messages: OutboxMessage[] = [];

  constructor(
    private readonly log: (line: string) => void,
    private readonly nowMs: () => number,
  ) {}

  send(message: Omit<OutboxMessage, 'sentAt'>): void {
    this.messages.push({ ...message, sentAt: this.nowMs() });
    if (this.messages.length > LIMIT) this.messages.splice(0, this.messages.length - LIMIT);
    this.log(`[${message.medium} to ${message.destination}] ${message.message}`);
  }

  /** Newest last; `aliases` lets a caller filter by the email or phone the user signs in with. */
  list(filter: { poolId?: string; username?: string; aliases?: string[] }): OutboxMessage[] {
    return this.messages.filter(
      (m) =>
        (!filter.poolId || m.poolId === filter.poolId) &&
        (!filter.username ||
          m.username === filter.username ||
          m.destination === filter.username ||
          filter.aliases?.includes(m.username) === true),
    );
  }
}

/** +1555...1234 → +*******1234, as Cognito shows SMS destinations. */
export const maskPhone = (phone: string): string =>
  `+${'*'.repeat(Math.max(phone.length - 5, 0))}${phone.slice(-4)}`;

/** ada@example.com → a***@e***, as Cognito shows email destinations. */
export const maskEmail = (email: string): string => {
  const [local = '', domain = ''] = email.split('@');
  return `${local.charAt(0)}***@${domain.charAt(0)}***`;
};
