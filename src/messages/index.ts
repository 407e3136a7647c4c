export * from './content-requests.ts';
export * from './doctor.ts';
export * from './error-codes.ts';
export * from './limits.ts';
export * from './page-channel.ts';
export * from './page-requests.ts';
export * from './replies.ts';
export * from './reply-map.ts';
