// What Amplify v6 needs to run unmodified in Node against the emulator.
import { MemoryStorage } from './cognito-fixtures.ts';

/**
 * Amplify names a new device after navigator.userAgent; Node 20 has no navigator, and without one
 * Amplify silently skips ConfirmDevice (it swallows the ReferenceError), so give it a browser-like one.
 */
export function giveNodeANavigator(userAgent: string): void {
  if (typeof globalThis.navigator === 'undefined') {
    Object.defineProperty(globalThis, 'navigator', { value: { userAgent }, configurable: true });
  }
}

/** Amplify's KeyValueStorageInterface over the in-memory store (it stands in for localStorage). */
export class AsyncMemoryStorage {
  readonly sync = new MemoryStorage();
  async setItem(key: string, value: string) {
    this.sync.setItem(key, value);
  }
  async getItem(key: string) {
    return this.sync.getItem(key);
  }
  async removeItem(key: string) {
    this.sync.removeItem(key);
  }
  async clear() {
    this.sync.clear();
  }
  /** The value of the one key ending in `suffix` (Amplify prefixes its keys with pool, client, user). */
  item(suffix: string): string | null {
    const key = this.sync.keys().find((k) => k.endsWith(suffix));
    return key ? this.sync.getItem(key) : null;
  }
  deviceKey(): string | null {
    return this.item('.deviceKey');
  }
}
