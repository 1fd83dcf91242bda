// The README's first command: `npm run demo` runs the built action against the emulator and
// shows a green run, a run with nothing to upload, and a red run with an annotation: on a v2
// site by default, on a v1 site with `-- --v1`.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from '@jest/globals';
import { PROXY_VARIABLES } from './helpers/run-action.js';

const root = fileURLToPath(new URL('..', import.meta.url));

async function demo(...args: string[]): Promise<{ code: number | null; output: string }> {
  const env = { ...process.env };
  for (const name of PROXY_VARIABLES) delete env[name];
  const child = spawn('npm', ['run', '--silent', 'demo', '--', ...args], { cwd: root, env });
  let output = '';
  child.stdout.on('data', chunk => (output += chunk));
  child.stderr.on('data', chunk => (output += chunk));
  const code = await new Promise<number | null>(done => child.on('close', done));
  return { code, output };
}

it('npm run demo publishes a v2 site in three runs and stops by itself', async () => {
  const { code, output } = await demo();
  expect({ code, output }).toMatchObject({ code: 0 });
  expect(output).toContain('━━━ Run 1: push to main with theme changes ━━━');
  expect(output).toContain('Siteleaf API: v2 (detected: the site runs on it)');
  expect(output).toMatch(
    /Demo finished: v2 site, run 1 green \(5 uploaded, 1 pruned, 1 kept\), run 2 green \(0 uploaded\), run 3 red/
  );
  expect(output).toContain('= about.md (content kept');
  expect(output).toContain('Error site/_layouts/default.html#L9: Liquid syntax error');
  expect(output).toContain('## ✅ Siteleaf publish complete');
}, 120_000);

it('npm run demo -- --v1 does the same with a v1 site', async () => {
  const { code, output } = await demo('--v1');
  expect({ code, output }).toMatchObject({ code: 0 });
  expect(output).toContain('Siteleaf API: v1 (detected: the site runs on it)');
  expect(output).toMatch(
    /Demo finished: v1 site, run 1 green \(4 uploaded, 1 pruned\), run 2 green \(0 uploaded\), run 3 red/
  );
  expect(output).toContain('Error theme/_layouts/default.html#L9: Liquid syntax error');
}, 120_000);
