// Run the Siteleaf API emulator by hand (demos, benches, trying the action locally):
//   node .build/emulator/cli.js [--port N] [--latency MS] [--duplicates MODE] [--job-fails "message"]
import { parseArgs } from 'node:util';
import { startEmulator, type DuplicateMode, type EmulatorOptions } from './server.js';

const USAGE =
  'usage: cli.js [--port N] [--latency MS] [--duplicates keep-both|overwrite|refuse] ' +
  '[--job-fails "message"]';
const DUPLICATE_MODES: readonly string[] = ['keep-both', 'overwrite', 'refuse'];

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function wholeNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) fail(`--${name} must be a whole number, got "${value}"`);
  return Number(value);
}

function parseOptions(argv: string[]): EmulatorOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        latency: { type: 'string' },
        duplicates: { type: 'string' },
        'job-fails': { type: 'string' },
        help: { type: 'boolean', short: 'h' }
      }
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const options: EmulatorOptions = {
    port: wholeNumber('port', values.port),
    latencyMs: wholeNumber('latency', values.latency)
  };
  if (values.duplicates !== undefined) {
    if (!DUPLICATE_MODES.includes(values.duplicates))
      fail(`--duplicates must be one of ${DUPLICATE_MODES.join(', ')}`);
    options.duplicateFilenames = values.duplicates as DuplicateMode;
  }
  const jobFails = values['job-fails'];
  if (jobFails !== undefined) {
    options.job = {
      steps: [
        { status: 'working', message: 'Checking... /' },
        { status: 'working', message: 'Compiling theme...' },
        { status: 'error', message: jobFails }
      ]
    };
  }
  return options;
}

async function main(): Promise<void> {
  const emulator = await startEmulator({
    ...parseOptions(process.argv.slice(2)),
    onResponse: request => console.log(`${request.method} ${request.path} ${request.status}`)
  });
  const { apiKey, siteId } = emulator.options;
  console.log(`Siteleaf API emulator listening on ${emulator.url} (key ${apiKey}, site ${siteId})`);

  const stop = (): void => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
