// Run the Siteleaf API emulator by hand (demos, benches, trying the action locally):
//   node .build/emulator/cli.js [--port N] [--latency MS] [--duplicates MODE] [--job-fails "message"]
//                               [--site-version v1|v2] [v2 switches, see USAGE]
import { parseArgs } from 'node:util';
import {
  startEmulator,
  type DuplicateMode,
  type EmulatorOptions,
  type SiteVersion
} from './server.js';

const USAGE = [
  'usage: cli.js [--port N] [--latency MS] [--duplicates keep-both|overwrite|refuse]',
  '              [--job-fails "message"] [--site-version v1|v2]',
  '  v1 site:    [--v1-site-on-v2 not-found|version]',
  '  v2 site:    [--max-per-page N] [--ignore-recursive] [--recursive-directories]',
  '              [--normalize-names] [--rewrite-content] [--sync-job]'
].join('\n');
const DUPLICATE_MODES: readonly string[] = ['keep-both', 'overwrite', 'refuse'];
const SITE_VERSIONS: readonly string[] = ['v1', 'v2'];
const V1_SITE_ON_V2: readonly string[] = ['not-found', 'version'];

/** What `--sync-job` starts: a GitHub Sync that takes a few seconds, long enough to watch. */
const SYNC_JOB_STEP_MS = 1500;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function wholeNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) fail(`--${name} must be a whole number, got "${value}"`);
  return Number(value);
}

function oneOf(name: string, value: string | undefined, allowed: readonly string[]) {
  if (value !== undefined && !allowed.includes(value))
    fail(`--${name} must be one of ${allowed.join(', ')}`);
  return value;
}

/** Parsed options, and whether to start a GitHub Sync job once listening. */
function parseOptions(argv: string[]): { options: EmulatorOptions; syncJob: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        latency: { type: 'string' },
        duplicates: { type: 'string' },
        'job-fails': { type: 'string' },
        'site-version': { type: 'string' },
        'v1-site-on-v2': { type: 'string' },
        'max-per-page': { type: 'string' },
        'ignore-recursive': { type: 'boolean' },
        'recursive-directories': { type: 'boolean' },
        'normalize-names': { type: 'boolean' },
        'rewrite-content': { type: 'boolean' },
        'sync-job': { type: 'boolean' },
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
    latencyMs: wholeNumber('latency', values.latency),
    siteVersion: oneOf('site-version', values['site-version'], SITE_VERSIONS) as SiteVersion,
    v1SiteOnV2: oneOf('v1-site-on-v2', values['v1-site-on-v2'], V1_SITE_ON_V2) as
      EmulatorOptions['v1SiteOnV2'] | undefined,
    maxPerPage: wholeNumber('max-per-page', values['max-per-page']),
    ignoreRecursive: values['ignore-recursive'],
    recursiveDirectories: values['recursive-directories'],
    normalizeNames: values['normalize-names'],
    rewriteContent: values['rewrite-content']
  };
  if (options.maxPerPage === 0) fail('--max-per-page must be at least 1');
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
  return { options, syncJob: values['sync-job'] ?? false };
}

async function main(): Promise<void> {
  const { options, syncJob } = parseOptions(process.argv.slice(2));
  const emulator = await startEmulator({
    ...options,
    onResponse: request => console.log(`${request.method} ${request.path} ${request.status}`)
  });
  const { apiKey, siteId, siteVersion } = emulator.options;
  console.log(
    `Siteleaf API emulator listening on ${emulator.url} ` +
      `(key ${apiKey}, ${siteVersion} site ${siteId})`
  );
  if (syncJob) {
    const id = emulator.startSyncJob({ stepMs: SYNC_JOB_STEP_MS });
    console.log(`GitHub Sync job ${id} running`);
  }

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
