export * from './client.ts';
export * from './endpoint.ts';
export * from './errors.ts';
export * from './operations.ts';
export * from './transport.ts';
export * from './typed-operations.ts';
export * from './types.ts';
export { isJsonObject } from './validate.ts';
