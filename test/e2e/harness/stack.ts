// The emulator + demo sites stack lives in dev/stack.ts (shared with the demo and the scripts).
export { type Stack, startStack } from '../../../dev/stack.ts';
