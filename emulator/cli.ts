import { parseArgs } from 'node:util';
import { startEmulator } from './index.ts';

const USAGE = `Usage: npm run emulator -- [--port <n>] [--data <file.sqlite>] [--seed <seed.json>] [--skew <seconds>] [--trigger-timeout <ms>] [--quiet]`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      data: { type: 'string' },
      seed: { type: 'string' },
      skew: { type: 'string' },
      'trigger-timeout': { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`Invalid --port ${values.port}\n${USAGE}`);
  const triggerTimeout =
    values['trigger-timeout'] === undefined ? undefined : Number(values['trigger-timeout']);
  if (triggerTimeout !== undefined && !(Number.isInteger(triggerTimeout) && triggerTimeout > 0))
    throw new Error(`Invalid --trigger-timeout ${values['trigger-timeout']}\n${USAGE}`);
  const emulator = await startEmulator({
    port,
    ...(values.data ? { dataFile: values.data } : {}),
    ...(values.seed ? { seed: values.seed } : {}),
    ...(values.skew ? { timestampSkewSeconds: Number(values.skew) } : {}),
    ...(triggerTimeout ? { triggerTimeoutMs: triggerTimeout } : {}),
    quiet: values.quiet,
  });
  console.log(`cognito emulator listening on ${emulator.url}`);
  const stop = (): void => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
