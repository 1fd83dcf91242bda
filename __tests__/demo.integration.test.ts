// The README's first command: `npm run demo` runs the built action against the emulator and
// shows, as a GitHub workflow run does, a green run, a run with nothing to upload, and a red
// run with an annotation: on a v2 site by default, on a v1 site with `-- --v1`.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
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

/** The lines of one run's part of the output. */
function run(output: string, n: number): string {
  const start = output.indexOf(`━━━ Run ${n}:`);
  const end = output.indexOf(`━━━ Run ${n + 1}:`);
  return output.slice(start, end < 0 ? undefined : end);
}

describe('npm run demo', () => {
  let v2: { code: number | null; output: string };

  it('publishes a v2 site in three runs and stops by itself', async () => {
    v2 = await demo();
    expect({ code: v2.code, output: v2.output }).toMatchObject({ code: 0 });
    expect(v2.output).toContain('━━━ Run 1: push to main with theme changes ━━━');
    expect(v2.output).toContain('Siteleaf API: v2 (detected: the site runs on it)');
    expect(v2.output).toMatch(
      /Demo finished: v2 site, run 1 green \(5 uploaded, 1 pruned, 1 kept\), run 2 green \(0 uploaded\), run 3 red/
    );
    expect(v2.output).toContain('= about.md (content kept');
  }, 120_000);

  it('shows the log as GitHub does: the step and its inputs, masked, groups open, annotations', () => {
    const first = run(v2.output, 1);
    expect(first).toMatch(/▼ Run \.\/\n {4}with:\n {6}api-key: \*\*\*\n {6}api-secret: \*\*\*\n/);
    expect(first).toMatch(
      /\n▼ Plan for 8 theme files\n {4}\+ _includes\/header\.html \(upload\)\n/
    );
    expect(first).toContain('\n  Notice: 1 content file(s) differ on Siteleaf');

    const third = run(v2.output, 3);
    expect(third).toContain(
      "\n  Error: Liquid syntax error in _layouts/default.html (line 9): Unknown tag 'endfor'"
    );
    expect(third).toMatch(
      /Annotations 2 errors and 1 notice\n {4}✖ Siteleaf publish failed {2}site\/_layouts\/default\.html#L9\n/
    );
    expect(v2.output).not.toMatch(/::(error|warning|notice|group|add-mask)/);
  });

  it('shows the summary rendered, long lists folded, and the same numbers as the log and outputs', () => {
    const first = run(v2.output, 1);
    expect(first).toMatch(/│ ✅ Siteleaf publish complete: Example Site · [0-9a-f]{7} on main\n/);
    expect(first).toContain('│ ▶ Unchanged (2)');
    expect(first).not.toContain('│ ## ');
    const counts = '5 uploaded (4 new, 1 replaced) · 1 pruned · 2 unchanged · 1 content kept';
    expect(first).toContain(`Theme synced: ${counts}.`);
    expect(first).toContain(`│ ${counts}\n`);
    expect(first).toMatch(/uploaded: 5\n {4}replaced: 1\n {4}unchanged: 2\n {4}deleted: 1\n/);

    const third = run(v2.output, 3);
    expect(third).toContain('│ ▍ Siteleaf publish job');
    expect(third).toContain('error     (quoted at the top)');
  });

  it("the publish job's messages claim nothing the run did not do", () => {
    expect(v2.output).not.toMatch(/Uploading \d+ files/);
  });
});

it('npm run demo -- --v1 does the same with a v1 site', async () => {
  const { code, output } = await demo('--v1');
  expect({ code, output }).toMatchObject({ code: 0 });
  expect(output).toContain('Siteleaf API: v1 (detected: the site runs on it)');
  expect(output).toMatch(
    /Demo finished: v1 site, run 1 green \(4 uploaded, 1 pruned\), run 2 green \(0 uploaded\), run 3 red/
  );
  expect(output).toContain(
    "\n  Error: Liquid syntax error in _layouts/default.html (line 9): Unknown tag 'endfor'"
  );
  expect(output).toContain('✖ Siteleaf publish failed  theme/_layouts/default.html#L9');
}, 120_000);
