// `npm run demo`: the built action (dist/index.js) against the local Siteleaf API emulator,
// showing what a workflow log would show. A v2 site by default (examples/site/, a Jekyll
// site); `npm run demo -- --v1` shows a v1 site (examples/theme/). Three runs: a push with
// theme changes, the same commit again (nothing to upload), and a broken template.
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { REPO_ROOT, runDist, type DistRun } from './runner.js';

const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
const dim = (text: string) => (process.stdout.isTTY ? `\x1b[2m${text}\x1b[0m` : text);

interface Demo {
  /** What the site runs on, and which example folder mirrors it. */
  readonly version: 'v1' | 'v2';
  readonly example: string;
  /** What the site holds before the push: some current, some outdated, one deleted locally. */
  seed(emulator: Emulator): Promise<void>;
  readonly brokenLine: number;
}

const V2: Demo = {
  version: 'v2',
  example: 'site',
  async seed(emulator) {
    emulator.seedSource([
      { name: '_config.yml', content: await readExample('site', '_config.yml') },
      { name: 'index.html', content: await readExample('site', 'index.html') },
      { name: '_layouts/default.html', content: '<html>{{ content }}</html>\n' },
      // Edited in Siteleaf since the last push: an editor's work, kept by default.
      {
        name: 'about.md',
        content: '---\nlayout: default\ntitle: About us\n---\nEdited in Siteleaf.\n'
      },
      { name: 'assets/css/old.css', content: '/* gone from the repository */\n' }
    ]);
  },
  brokenLine: 9
};

const V1: Demo = {
  version: 'v1',
  example: 'theme',
  async seed(emulator) {
    emulator.seedThemeAssets([
      { filename: 'index.html', content: await readExample('theme', 'index.html') },
      { filename: '_layouts/default.html', content: '<html>{{ content }}</html>\n' },
      { filename: 'old-page.html', content: '<p>gone from the repository</p>\n' }
    ]);
  },
  brokenLine: 9
};

async function main(): Promise<number> {
  const demo = process.argv.includes('--v1') ? V1 : V2;
  const emulator = await startEmulator({
    siteVersion: demo.version,
    latencyMs: 30,
    job: { stepMs: 150 }
  });
  try {
    await demo.seed(emulator);
    console.log(
      dim(
        `Siteleaf API emulator on ${emulator.url}, a ${demo.version} site; the example is ` +
          `examples/${demo.example}/.${demo.version === 'v2' ? ' (npm run demo -- --v1 shows a v1 site.)' : ''}`
      )
    );

    const inputs = {
      'api-key': emulator.options.apiKey,
      'api-secret': emulator.options.apiSecret,
      'site-id': emulator.options.siteId,
      'api-url': emulator.url,
      'theme-dir': demo.example,
      prune: 'true'
    };
    const workspace = join(REPO_ROOT, 'examples');

    const first = await step('Run 1: push to main with theme changes', inputs, workspace);
    const second = await step('Run 2: the same commit again', inputs, workspace);
    emulator.options.job = {
      stepMs: 150,
      steps: [
        { status: 'working', message: 'Checking... /' },
        { status: 'working', message: 'Compiling theme...' },
        {
          status: 'error',
          message: `Liquid syntax error in _layouts/default.html (line ${demo.brokenLine}): Unknown tag 'endfor'`
        }
      ]
    };
    const third = await step('Run 3: a template Siteleaf cannot compile', inputs, workspace);

    const expected =
      first.exitCode === 0 &&
      Number(first.outputs.uploaded) > 0 &&
      second.exitCode === 0 &&
      second.outputs.uploaded === '0' &&
      third.exitCode !== 0;
    const kept = demo.version === 'v2' ? `, ${first.outputs.kept} kept` : '';
    console.log(
      `\n${bold('Demo finished:')} ${demo.version} site, run 1 ${verdict(first)} (${first.outputs.uploaded} uploaded, ` +
        `${first.outputs.deleted} pruned${kept}), run 2 ${verdict(second)} (${second.outputs.uploaded} uploaded), ` +
        `run 3 ${verdict(third)} with an annotation on the broken template.`
    );
    return expected ? 0 : 1;
  } finally {
    await emulator.close();
  }
}

async function step(
  title: string,
  inputs: Record<string, string>,
  workspace: string
): Promise<DistRun> {
  console.log(`\n${bold(`━━━ ${title} ━━━`)}`);
  console.log(dim('uses: ./  (dist/index.js)'));
  const result = await runDist({
    inputs,
    workspace,
    onLine: line => line && console.log(`  ${line}`)
  });
  console.log(`\n  ${bold('Exit code')} ${result.exitCode}   ${bold('Outputs')}`);
  for (const [name, value] of Object.entries(result.outputs)) console.log(`    ${name}: ${value}`);
  console.log(`\n  ${bold('Job summary')}`);
  for (const line of result.summary.trimEnd().split('\n')) console.log(`  │ ${line}`);
  return result;
}

function verdict(run: DistRun): string {
  return run.exitCode === 0 ? 'green' : 'red';
}

async function readExample(folder: string, name: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  return readFile(join(REPO_ROOT, 'examples', folder, name), 'utf8');
}

main().then(
  code => process.exit(code),
  error => {
    console.error(error);
    process.exit(1);
  }
);
