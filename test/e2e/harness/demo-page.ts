// Moved to dev/demo-page.ts (shared with the demo and the scripts); kept so existing imports resolve.
export * from '../../../dev/demo-page.ts';
