// `npm run demo`: the built action (dist/index.js) against the local Siteleaf API emulator,
// with the example theme, showing what a workflow log would show. Three runs:
// a push with theme changes, the same commit again (nothing to upload), and a broken template.
import { join } from 'node:path';
import { startEmulator } from '../emulator/server.js';
import { REPO_ROOT, runDist, type DistRun } from './runner.js';

const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
const dim = (text: string) => (process.stdout.isTTY ? `\x1b[2m${text}\x1b[0m` : text);

async function main(): Promise<number> {
  const emulator = await startEmulator({ latencyMs: 30, job: { stepMs: 150 } });
  try {
    // What the site holds before the push: one current file, one outdated, one deleted locally.
    emulator.seedThemeAssets([
      { filename: 'index.html', content: await readExample('index.html') },
      { filename: '_layouts/default.html', content: '<html>{{ content }}</html>\n' },
      { filename: 'old-page.html', content: '<p>gone from the repository</p>\n' }
    ]);
    console.log(
      dim(`Siteleaf API emulator on ${emulator.url}; the example theme is examples/theme/.`)
    );

    const inputs = {
      'api-key': emulator.options.apiKey,
      'api-secret': emulator.options.apiSecret,
      'site-id': emulator.options.siteId,
      'api-url': emulator.url,
      'theme-dir': 'theme',
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
          message: "Liquid syntax error in _layouts/default.html (line 9): Unknown tag 'endfor'"
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
    console.log(
      `\n${bold('Demo finished:')} run 1 ${verdict(first)} (${first.outputs.uploaded} uploaded, ` +
        `${first.outputs.deleted} pruned), run 2 ${verdict(second)} (${second.outputs.uploaded} uploaded), ` +
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

async function readExample(name: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  return readFile(join(REPO_ROOT, 'examples', 'theme', name), 'utf8');
}

main().then(
  code => process.exit(code),
  error => {
    console.error(error);
    process.exit(1);
  }
);
