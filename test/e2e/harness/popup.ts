// Moved to dev/popup.ts (shared with the demo and the scripts); kept so existing imports resolve.
export * from '../../../dev/popup.ts';
