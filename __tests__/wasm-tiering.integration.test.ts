// Both bundles keep WebAssembly (undici's HTTP parser) on V8's baseline tier (see
// src/wasm-tiering.ts; what it saves is measured by `npm run bench`, not here). A probe loaded
// before the bundle runs a hot WebAssembly loop as the process exits and asks V8, through its
// test-only natives, which tier the loop ended on; `--wasm-sync-tier-up` makes V8 tier up at
// once instead of on a background thread, so the answer does not depend on timing.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../runner/run-dist.js';

// (func (export "spin") (param $n i32) (result i32) (local $sum i32)
//   (loop (sum += n) (n -= 1) (br_if 0 n)) sum)
const SPIN_WASM = [
  0, 97, 115, 109, 1, 0, 0, 0, 1, 6, 1, 96, 1, 127, 1, 127, 3, 2, 1, 0, 7, 8, 1, 4, 115, 112, 105,
  110, 0, 0, 10, 27, 1, 25, 1, 1, 127, 3, 64, 32, 1, 32, 0, 106, 33, 1, 32, 0, 65, 1, 107, 34, 0,
  13, 0, 11, 32, 1, 11
];

// Written at run time: the `%` natives are not JavaScript that the linter or tsc would parse.
const PROBE = `
process.on('exit', () => {
  const module = new WebAssembly.Module(new Uint8Array(${JSON.stringify(SPIN_WASM)}));
  const spin = new WebAssembly.Instance(module).exports.spin;
  for (let i = 0; i < 2000; i++) spin(1000);
  const tier = %IsTurboFanFunction(spin) ? 'optimised' : %IsLiftoffFunction(spin) ? 'baseline' : 'other';
  process.stderr.write('\\nwasm tier: ' + tier + '\\n');
});
`;

function tierAfter(args: readonly string[]): string | undefined {
  const scratch = mkdtempSync(join(tmpdir(), 'siteleaf-wasm-tier-'));
  try {
    const probe = join(scratch, 'probe.mjs');
    writeFileSync(probe, PROBE);
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (!/^(INPUT_|GITHUB_|SITELEAF_|RUNNER_)/.test(key)) env[key] = value;
    }
    const run = spawnSync(
      process.execPath,
      ['--allow-natives-syntax', '--wasm-sync-tier-up', `--import=${probe}`, ...args],
      { cwd: REPO_ROOT, env, encoding: 'utf8', timeout: 30_000 }
    );
    return /^wasm tier: (\w+)$/m.exec(run.stderr)?.[1];
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

describe('WebAssembly tiering', () => {
  it('optimises a hot WebAssembly function in a plain Node (what the probe detects)', () => {
    expect(tierAfter(['-e', '0'])).toBe('optimised');
  });

  it('stays on the baseline tier once the action bundle is loaded', () => {
    expect(tierAfter(['dist/index.js'])).toBe('baseline');
  });

  it('stays on the baseline tier once the command bundle is loaded', () => {
    expect(tierAfter(['dist/cli.js', '--version'])).toBe('baseline');
  });
});
