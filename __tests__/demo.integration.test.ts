// The README's first command: `npm run demo` runs the built action against the emulator and
// shows a green run, a run with nothing to upload, and a red run with an annotation.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from '@jest/globals';
import { PROXY_VARIABLES } from './helpers/run-action.js';

const root = fileURLToPath(new URL('..', import.meta.url));

it('npm run demo shows the three runs and stops by itself', async () => {
  const env = { ...process.env };
  for (const name of PROXY_VARIABLES) delete env[name];
  const child = spawn('npm', ['run', '--silent', 'demo'], { cwd: root, env });
  let output = '';
  child.stdout.on('data', chunk => (output += chunk));
  child.stderr.on('data', chunk => (output += chunk));
  const code = await new Promise<number | null>(done => child.on('close', done));

  expect({ code, output }).toMatchObject({ code: 0 });
  expect(output).toContain('━━━ Run 1: push to main with theme changes ━━━');
  expect(output).toMatch(
    /Demo finished: run 1 green \(4 uploaded, 1 pruned\), run 2 green \(0 uploaded\), run 3 red/
  );
  expect(output).toContain('Error theme/_layouts/default.html#L9: Liquid syntax error');
  expect(output).toContain('## ✅ Siteleaf publish complete');
}, 120_000);
