import { CognitoError, invalidParameter } from './http/errors.ts';

/** A parsed request body: a JSON object whose fields are still unchecked. */
export type Json = Record<string, unknown>;

// AWS names members in camelCase in its validation messages ("Value null at 'clientId' ...").
const member = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

const validationError = (detail: string): CognitoError =>
  invalidParameter(`1 validation error detected: ${detail}`);

export interface StringRule {
  min?: number;
  max?: number;
  pattern?: RegExp;
}

function checkString(name: string, value: unknown, rule: StringRule): string {
  if (typeof value !== 'string') {
    throw new CognitoError('SerializationException', `Value for '${member(name)}' must be a string`);
  }
  const max = rule.max ?? 2048;
  if (value.length > max) {
    throw validationError(
      `Value at '${member(name)}' failed to satisfy constraint: Member must have length less than or equal to ${max}`,
    );
  }
  if (value.length < (rule.min ?? 1)) {
    throw validationError(
      `Value at '${member(name)}' failed to satisfy constraint: Member must have length greater than or equal to ${rule.min ?? 1}`,
    );
  }
  if (rule.pattern && !rule.pattern.test(value)) {
    throw validationError(
      `Value at '${member(name)}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${rule.pattern.source}`,
    );
  }
  return value;
}

export function reqString(input: Json, name: string, rule: StringRule = {}): string {
  const value = input[name];
  if (value === undefined || value === null) {
    throw validationError(
      `Value null at '${member(name)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return checkString(name, value, rule);
}

export function optString(input: Json, name: string, rule: StringRule = {}): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  return checkString(name, value, rule);
}

export function optBool(input: Json, name: string): boolean | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') {
    throw new CognitoError('SerializationException', `Value for '${member(name)}' must be a boolean`);
  }
  return value;
}

export function optInt(input: Json, name: string, min: number, max: number): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new CognitoError('SerializationException', `Value for '${member(name)}' must be an integer`);
  }
  if (value < min || value > max) {
    throw validationError(
      `Value '${value}' at '${member(name)}' failed to satisfy constraint: Member must have value between ${min} and ${max}`,
    );
  }
  return value;
}

export function optObject(input: Json, name: string): Json | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new CognitoError('SerializationException', `Value for '${member(name)}' must be an object`);
  }
  return value as Json;
}

export function optStringArray(input: Json, name: string, maxItems = 100): string[] | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v.length <= 2048)) {
    throw new CognitoError('SerializationException', `Value for '${member(name)}' must be a list of strings`);
  }
  if (value.length > maxItems) {
    throw validationError(
      `Value at '${member(name)}' failed to satisfy constraint: Member must have length less than or equal to ${maxItems}`,
    );
  }
  return value as string[];
}

/** A string → string map (AuthParameters, ChallengeResponses, ClientMetadata). */
export function optStringMap(input: Json, name: string): Record<string, string> | undefined {
  const obj = optObject(input, name);
  if (!obj) return undefined;
  const out: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(obj)) {
    // amazon-cognito-identity-js resends an answer with DEVICE_KEY: null after "Device does not exist.";
    // AWS treats a null map value as absent.
    if (value === null) continue;
    if (typeof value !== 'string' || value.length > 131_072 || key.length > 131_072) {
      throw new CognitoError('SerializationException', `Values of '${member(name)}' must be strings`);
    }
    out[key] = value;
  }
  return out;
}

/** [{Name, Value}] → record, as UserAttributes arrive. */
export function optAttributeList(input: Json, name: string): Record<string, string> | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length > 100) {
    throw new CognitoError(
      'SerializationException',
      `Value for '${member(name)}' must be a list of attributes`,
    );
  }
  const out: Record<string, string> = Object.create(null);
  for (const item of value) {
    const attr = item as Json;
    if (
      typeof attr !== 'object' ||
      attr === null ||
      typeof attr.Name !== 'string' ||
      attr.Name.length > 128
    ) {
      throw new CognitoError(
        'SerializationException',
        `Value for '${member(name)}' must be a list of attributes`,
      );
    }
    const v = attr.Value ?? '';
    if (typeof v !== 'string' || v.length > 2048) {
      throw new CognitoError(
        'SerializationException',
        `Attribute values of '${member(name)}' must be strings`,
      );
    }
    out[attr.Name] = v;
  }
  return out;
}
