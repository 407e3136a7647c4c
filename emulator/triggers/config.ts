import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { invalidParameter } from '../http/errors.ts';
import type { Json } from '../validate.ts';

/**
 * The LambdaConfig triggers the emulator runs (names as in the CreateUserPool API reference,
 * LambdaConfigType). Each is a local handler instead of a Lambda ARN: a JavaScript/TypeScript module
 * path (its `handler` export, else its default export) or an http(s) URL the event is POSTed to.
 */
export const RUN_TRIGGERS = [
  'DefineAuthChallenge',
  'CreateAuthChallenge',
  'VerifyAuthChallengeResponse',
  'PreTokenGeneration',
  'PostAuthentication',
] as const;
export type TriggerName = (typeof RUN_TRIGGERS)[number];

const MODULE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts'];

export const isHttpTrigger = (target: string): boolean => /^https?:\/\//i.test(target);

function bad(name: string, why: string): never {
  throw invalidParameter(`Invalid LambdaConfig.${name}: ${why}`);
}

/** Where a LambdaConfig comes from: the operator's seed file, or an API call anyone on loopback can make. */
export type TriggerSource = 'seed' | 'api';

/** One trigger's target, checked: an http(s) URL, or (seed only) an existing module file made absolute. */
function checkTarget(name: string, value: unknown, source: TriggerSource): string {
  if (typeof value !== 'string' || !value.trim()) bad(name, 'expected a module path or an http(s) URL.');
  if (value.startsWith('arn:')) {
    bad(
      name,
      'this emulator cannot call AWS Lambda; give a module path or an http(s) URL instead of an ARN.',
    );
  }
  if (isHttpTrigger(value)) {
    try {
      new URL(value);
    } catch {
      bad(name, `'${value}' is not a valid URL.`);
    }
    return value;
  }
  if (source === 'api') {
    // Any page the browser visits can call the emulator (CORS is open, as AWS's), so an API call must not
    // make it import local files: module triggers come from the seed file, API calls give URLs.
    bad(name, 'module paths are accepted in the seed file only; through the API give an http(s) URL.');
  }
  const path = isAbsolute(value) ? value : resolve(value);
  if (!MODULE_EXTENSIONS.some((ext) => path.endsWith(ext))) {
    bad(name, `'${value}' is neither an http(s) URL nor a module file (${MODULE_EXTENSIONS.join(', ')}).`);
  }
  if (!existsSync(path) || !statSync(path).isFile()) bad(name, `module file '${path}' does not exist.`);
  return path;
}

/**
 * Parses CreateUserPool/UpdateUserPool's (or the seed's) LambdaConfig into the triggers to run.
 * Triggers the emulator does not run are refused by name rather than silently ignored.
 */
export function parseLambdaConfig(input: Json, source: TriggerSource): Record<string, string> | undefined {
  const raw = input.LambdaConfig;
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) bad('', 'LambdaConfig must be an object.');
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!(RUN_TRIGGERS as readonly string[]).includes(name)) {
      bad(name, `this emulator runs only ${RUN_TRIGGERS.join(', ')}.`);
    }
    out[name] = checkTarget(name, value, source);
  }
  return out;
}
