// Running things the way a user would, and timing them: the built action (dist/index.js, or a
// bench entry that wraps it) through runner/run-dist.ts's runDist, other scripts as plain child
// processes. Every server is an emulator on 127.0.0.1.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT, runDist, type DistRun } from '../runner/run-dist.js';

export const WORK_DIR = join(REPO_ROOT, 'bench', '.work');
/** Compiled bench scripts (.build/bench). */
export const BENCH_BUILD_DIR = import.meta.dirname;

export interface EmulatorAccess {
  url: string;
  apiKey: string;
  apiSecret: string;
  siteId: string;
}

/** The inputs of a workflow step that deploys `themeDir` (relative to the workspace). */
export function inputsFor(
  emulator: EmulatorAccess,
  themeDir: string,
  extra: Record<string, string> = {}
): Record<string, string> {
  return {
    'api-key': emulator.apiKey,
    'api-secret': emulator.apiSecret,
    'site-id': emulator.siteId,
    'api-url': emulator.url,
    'theme-dir': themeDir,
    ...extra
  };
}

export interface TimedRun extends DistRun {
  /** Date.now() just before the spawn (runDist's own set-up is a mkdtemp and two empty files). */
  startedAt: number;
  wallMs: number;
}

export async function timedDist(options: Parameters<typeof runDist>[0]): Promise<TimedRun> {
  const startedAt = Date.now();
  const started = performance.now();
  const result = await runDist(options);
  return { ...result, startedAt, wallMs: performance.now() - started };
}

export interface ScriptRun {
  exitCode: number;
  stdout: string;
  wallMs: number;
}

/** Runs `command args` and collects its stdout; stderr goes to the bench's own. */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}
): Promise<ScriptRun> {
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'inherit']
  });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', code =>
      resolve({
        exitCode: code ?? 1,
        stdout: Buffer.concat(chunks).toString('utf8'),
        wallMs: performance.now() - started
      })
    );
  });
}

/** A compiled bench script run with this Node (Node 24 under `npm run bench`). */
export function runBenchScript(script: string, args: readonly string[]): Promise<ScriptRun> {
  return runProcess(process.execPath, [join(BENCH_BUILD_DIR, script), ...args]);
}

/** Pretty progress on stderr, so stdout stays clean for whoever pipes the bench. */
export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Largest number of `times` inside any window of `windowMs` (sorted or not). */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] as number) - (sorted[start] as number) >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
