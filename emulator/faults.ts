import { CognitoError } from './http/errors.ts';
import type { Json } from './validate.ts';

/** An injected failure for one operation (or '*'): an error answer, a delay, or a dropped connection. */
export interface Fault {
  operation: string;
  kind: 'error' | 'delay' | 'drop';
  errorType?: string;
  message?: string;
  status?: number;
  delayMs?: number;
  /** How many requests it applies to; unlimited when absent. */
  times?: number;
}

export class Faults {
  private faults: Fault[] = [];

  add(body: Json): Fault {
    const { operation, kind } = body;
    if (typeof operation !== 'string' || !operation || operation.length > 128) {
      throw new CognitoError('InvalidParameterException', 'operation must be an operation name or "*"');
    }
    if (kind !== 'error' && kind !== 'delay' && kind !== 'drop') {
      throw new CognitoError('InvalidParameterException', "kind must be 'error', 'delay' or 'drop'");
    }
    const fault: Fault = { operation, kind };
    if (typeof body.errorType === 'string') fault.errorType = body.errorType.slice(0, 128);
    if (typeof body.message === 'string') fault.message = body.message.slice(0, 1024);
    if (typeof body.status === 'number' && body.status >= 400 && body.status <= 599)
      fault.status = body.status;
    if (typeof body.delayMs === 'number' && body.delayMs >= 0)
      fault.delayMs = Math.min(body.delayMs, 120_000);
    if (typeof body.times === 'number' && body.times >= 1) fault.times = Math.floor(body.times);
    this.faults.push(fault);
    return fault;
  }

  clear(): void {
    this.faults = [];
  }

  list(): Fault[] {
    return [...this.faults];
  }

  /** The fault to apply to this request, if any; counts it against `times`. */
  take(operation: string): Fault | undefined {
    const i = this.faults.findIndex((f) => f.operation === operation || f.operation === '*');
    if (i < 0) return undefined;
    const fault = this.faults[i]!;
    if (fault.times !== undefined && --fault.times <= 0) this.faults.splice(i, 1);
    return fault;
  }
}
