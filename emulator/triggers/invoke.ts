import { pathToFileURL } from 'node:url';
import type { RequestContext } from '../context.ts';
import { CognitoError } from '../http/errors.ts';
import type { PoolRecord, UserRecord } from '../store/records.ts';
import { isHttpTrigger, type TriggerName } from './config.ts';

/** The event every trigger receives (AWS developer guide, "Customizing user pool workflows with Lambda triggers": common parameters). */
export interface TriggerEvent {
  version: string;
  region: string;
  userPoolId: string;
  userName: string;
  callerContext: { awsSdkVersion: string; clientId: string };
  triggerSource: string;
  request: Record<string, unknown>;
  response: Record<string, unknown>;
}

type Handler = (event: TriggerEvent) => unknown;

const modules = new Map<string, Promise<Handler>>();

/** Imports a trigger module once; its `handler` export, else its default export, must be a function. */
export function loadHandler(path: string): Promise<Handler> {
  let loaded = modules.get(path);
  if (!loaded) {
    loaded = import(pathToFileURL(path).href).then((mod: Record<string, unknown>) => {
      const fn = mod.handler ?? mod.default;
      if (typeof fn !== 'function') {
        throw new Error(`trigger module ${path} exports neither a handler function nor a default function`);
      }
      return fn as Handler;
    });
    modules.set(path, loaded);
    loaded.catch(() => modules.delete(path));
  }
  return loaded;
}

/** What Cognito answers when a trigger fails (observed AWS messages: "<Trigger> failed with error <message>."). */
const failed = (name: TriggerName, message: string): CognitoError =>
  new CognitoError('UserLambdaValidationException', `${name} failed with error ${message}.`);

/** A trigger that does not answer within the limit (AWS: "... invocation failed due to error Socket timeout while invoking Lambda function."). */
const timedOut = (name: TriggerName): CognitoError =>
  new CognitoError(
    'UnexpectedLambdaException',
    `${name} invocation failed due to error Socket timeout while invoking Lambda function.`,
  );

async function callHttp(url: string, event: TriggerEvent, signal: AbortSignal): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(event),
    signal,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(text.trim() || `HTTP ${res.status}`);
  return JSON.parse(text) as unknown;
}

/** The common event fields for a user of a pool (userAttributes are added by each caller's request). */
export function baseEvent(
  pool: PoolRecord,
  clientId: string,
  userName: string,
  triggerSource: string,
  request: Record<string, unknown>,
  response: Record<string, unknown> = {},
): TriggerEvent {
  return {
    version: '1',
    region: pool.region,
    userPoolId: pool.id,
    userName,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId },
    triggerSource,
    request,
    response,
  };
}

/** The attributes a trigger sees: the user's, plus cognito:user_status as AWS adds it. */
export function triggerAttributes(user: UserRecord): Record<string, string> {
  return { sub: user.sub, ...user.attributes, 'cognito:user_status': user.status };
}

/**
 * Runs the pool's trigger, if configured, and returns the event it gave back (its `response` is
 * what the caller reads). Cut off after the emulator's trigger timeout (AWS's limit is 5 seconds).
 */
export async function runTrigger(
  rc: RequestContext,
  pool: PoolRecord,
  name: TriggerName,
  event: TriggerEvent,
): Promise<TriggerEvent | undefined> {
  const target = pool.triggers?.[name];
  if (!target) return undefined;
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(timedOut(name));
    }, rc.emu.config.triggerTimeoutMs);
  });
  try {
    const call = isHttpTrigger(target)
      ? callHttp(target, event, controller.signal)
      : loadHandler(target).then((fn) => fn(structuredClone(event)));
    const out = await Promise.race([call, limit]);
    if (!out || typeof out !== 'object' || typeof (out as TriggerEvent).response !== 'object') {
      throw new CognitoError('InvalidLambdaResponseException', `Invalid lambda response from ${name}.`);
    }
    return out as TriggerEvent;
  } catch (err) {
    if (err instanceof CognitoError) throw err;
    throw failed(name, err instanceof Error ? err.message : String(err));
  } finally {
    clearTimeout(timer);
  }
}
