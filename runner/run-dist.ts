// Runs the built action (dist/index.js) the way a GitHub runner does: inputs as INPUT_*
// variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, and the log rendered as the
// Actions UI shows it (groups, annotations; masks and debug lines hidden). Shared by the
// tests that run dist/, `npm run demo` and the benchmarks.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOutputsFile, renderLogLine } from './workflow-commands.js';

export interface DistRun {
  exitCode: number;
  /** Raw stdout, workflow commands included. */
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
}

/** The repository root: this file runs from runner/ (tests) or .build/runner/ (npm run demo, bench). */
export const REPO_ROOT = findRepoRoot(fileURLToPath(new URL('.', import.meta.url)));
export const DIST_ENTRY = join(REPO_ROOT, 'dist', 'index.js');

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'action.yml'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No action.yml above ${from}`);
  }
}

export async function runDist(options: {
  inputs: Record<string, string>;
  workspace: string;
  env?: Record<string, string>;
  /** Called with each rendered log line as it arrives. */
  onLine?: (line: string) => void;
  /** Called with each raw stdout line (workflow commands included) as it arrives. */
  onRawLine?: (line: string) => void;
  /** Called with the child process as soon as it runs (to signal it, for example). */
  onSpawn?: (child: ChildProcess) => void;
  /** Leave this machine's proxy variables out (tests set their own in `env`). */
  isolateProxy?: boolean;
  /** Kill the action if it runs longer than this (a hung run must not outlive a test). */
  timeoutMs?: number;
  /** Called with each chunk the action writes to stderr (default: passed through). */
  onStderr?: (text: string) => void;
  entry?: string;
  /** Options for node itself, before the entry (a runner passes none; tests may). */
  nodeArgs?: readonly string[];
}): Promise<DistRun> {
  const scratch = mkdtempSync(join(tmpdir(), 'siteleaf-publish-runner-'));
  const outputPath = join(scratch, 'output.txt');
  const summaryPath = join(scratch, 'summary.md');
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('INPUT_') && !(options.isolateProxy && /^(https?|no)_proxy$/i.test(key))) {
      env[key] = value;
    }
  }
  Object.assign(env, {
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    ...options.env
  });
  for (const [name, value] of Object.entries(options.inputs))
    env[`INPUT_${name.toUpperCase()}`] = value;

  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), options.entry ?? DIST_ENTRY],
    {
      env,
      cwd: options.workspace,
      stdio: ['ignore', 'pipe', options.onStderr ? 'pipe' : 'inherit']
    }
  );
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => options.onStderr?.(chunk));
  const killer = options.timeoutMs
    ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs)
    : undefined;
  options.onSpawn?.(child);
  let stdout = '';
  let pending = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    stdout += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      options.onRawLine?.(line);
      const rendered = renderLogLine(line);
      if (rendered !== undefined) options.onLine?.(rendered);
    }
  });
  const exitCode = await new Promise<number>(done => child.on('close', code => done(code ?? 1)));
  clearTimeout(killer);
  if (pending) {
    options.onRawLine?.(pending);
    const rendered = renderLogLine(pending);
    if (rendered !== undefined) options.onLine?.(rendered);
  }
  return {
    exitCode,
    stdout,
    outputs: parseOutputsFile(readFileSync(outputPath, 'utf8')),
    summary: readFileSync(summaryPath, 'utf8')
  };
}
