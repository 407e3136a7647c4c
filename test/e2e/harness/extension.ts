// Moved to dev/extension.ts (shared with the demo and the scripts); kept so existing imports resolve.
export * from '../../../dev/extension.ts';
