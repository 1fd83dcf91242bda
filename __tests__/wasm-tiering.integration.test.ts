// Both bundles keep WebAssembly, undici's HTTP parser above all, on V8's baseline tier (see
// src/wasm-tiering.ts; what it saves is measured by `npm run bench`, not here). A probe loaded
// before the bundle records every WebAssembly instance made, and as the process exits asks V8,
// through its test-only natives, how many of each instance's functions were optimised;
// `--wasm-sync-tier-up` makes V8 optimise at once instead of on a background thread, so the
// answer does not depend on timing. Without src/wasm-tiering.ts, a five-file run against the
// emulator ends with one of llhttp's functions optimised.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, runDist } from '../runner/run-dist.js';
import { useEmulator } from './helpers/emulator.js';
import { KEY, SECRET, inputsFor, makeWorkspace } from './helpers/workspace.js';

const emu = useEmulator({ apiKey: KEY, apiSecret: SECRET, siteVersion: 'v2', job: { stepMs: 5 } });

// (func (export "spin") (param $n i32) (result i32) (local $sum i32)
//   (loop (sum += n) (n -= 1) (br_if 0 n)) sum)
const SPIN_WASM = [
  0, 97, 115, 109, 1, 0, 0, 0, 1, 6, 1, 96, 1, 127, 1, 127, 3, 2, 1, 0, 7, 8, 1, 4, 115, 112, 105,
  110, 0, 0, 10, 27, 1, 25, 1, 1, 127, 3, 64, 32, 1, 32, 0, 106, 33, 1, 32, 0, 65, 1, 107, 34, 0,
  13, 0, 11, 32, 1, 11
];

// Written at run time: the `%` natives are not JavaScript that the linter or tsc would parse.
// `spin: true` also runs a hot loop of its own at exit, so a process that made no request has
// an instance to judge.
function probeSource(spin: boolean): string {
  return `
const instances = [];
const Instance = WebAssembly.Instance;
WebAssembly.Instance = function (module, imports) {
  const instance = new Instance(module, imports);
  instances.push(instance);
  return instance;
};
WebAssembly.Instance.prototype = Instance.prototype;
process.on('exit', () => {
  if (${spin}) {
    const module = new WebAssembly.Module(new Uint8Array(${JSON.stringify(SPIN_WASM)}));
    const spin = new WebAssembly.Instance(module).exports.spin;
    for (let i = 0; i < 2000; i++) spin(1000);
  }
  const counts = instances.map(instance => {
    const fns = Object.values(instance.exports).filter(v => typeof v === 'function');
    return fns.filter(f => %IsTurboFanFunction(f)).length + '/' + fns.length;
  });
  process.stderr.write('\\nwasm optimised: ' + counts.join(' ') + '\\n');
});
`;
}

/** Node's options for a run under the probe, and a way to read its answer afterwards. */
function withProbe(spin: boolean) {
  const scratch = mkdtempSync(join(tmpdir(), 'siteleaf-wasm-tier-'));
  const probe = join(scratch, 'probe.mjs');
  writeFileSync(probe, probeSource(spin));
  return {
    nodeArgs: ['--allow-natives-syntax', '--wasm-sync-tier-up', `--import=${probe}`],
    /** "optimised/functions" for each instance made, in order. */
    counts: (stderr: string) => /^wasm optimised: ?(.*)$/m.exec(stderr)?.[1]?.split(' ') ?? [],
    done: () => rmSync(scratch, { recursive: true, force: true })
  };
}

function countsAfter(spin: boolean, args: readonly string[]): string[] {
  const probe = withProbe(spin);
  try {
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (!/^(INPUT_|GITHUB_|SITELEAF_|RUNNER_)/.test(key)) env[key] = value;
    }
    const run = spawnSync(process.execPath, [...probe.nodeArgs, ...args], {
      cwd: REPO_ROOT,
      env,
      encoding: 'utf8',
      timeout: 30_000
    });
    return probe.counts(run.stderr);
  } finally {
    probe.done();
  }
}

describe('WebAssembly tiering', () => {
  it('a plain Node optimises a hot WebAssembly function (what the probe detects)', () => {
    expect(countsAfter(true, ['-e', '0'])).toEqual(['1/1']);
  });

  it('the command bundle, once loaded, keeps it on the baseline tier', () => {
    expect(countsAfter(true, ['dist/cli.js', '--version'])).toEqual(['0/1']);
  });

  it("a run of the action keeps undici's parser unoptimised: the flag is set before its first connection", async () => {
    const probe = withProbe(false);
    let stderr = '';
    try {
      const run = await runDist({
        inputs: inputsFor(emu.url, emu.options.siteId),
        workspace: makeWorkspace({
          '_config.yml': 'title: Five files\n',
          'index.html': '<!doctype html>\n<h1>Hello</h1>\n',
          '_layouts/default.html': '<!doctype html>\n<main>{{ content }}</main>\n',
          'assets/site.css': 'body { font: 16px/1.5 system-ui; }\n',
          'assets/site.js': "document.documentElement.classList.add('js');\n"
        }),
        nodeArgs: probe.nodeArgs,
        onStderr: text => (stderr += text),
        timeoutMs: 30_000
      });
      expect(run.exitCode).toBe(0);
      expect(run.outputs.uploaded).toBe('5');
    } finally {
      probe.done();
    }
    const counts = probe.counts(stderr);
    expect(counts).toHaveLength(1); // llhttp, instantiated once by undici
    expect(counts[0]).toMatch(/^0\/\d{2,}$/);
  });
});
