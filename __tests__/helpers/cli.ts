// The command as users get it: dist/cli.js built by the project's own build script
// (scripts/build.js, ncc) from the sources as they are now, and run as a child process.
//
// The bundle is built once per state of the sources and shared by every test file that runs
// it (a content hash names the folder; a lock folder keeps two jest workers from building at
// once). It is built from a copy of src/ whose tsconfig includes src/ alone: ncc type-checks
// the whole tsconfig program, and what the command runs is src/.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** Every file the bundle is made from, hashed: a new hash means a new build. */
function sourcesHash(): string {
  const hash = createHash('sha256');
  const add = (path: string) => {
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) add(join(path, name));
      return;
    }
    hash.update(relative(REPO, path)).update('\0').update(readFileSync(path)).update('\0');
  };
  for (const path of ['src', 'package.json', 'tsconfig.json', 'scripts/build.js']) {
    add(join(REPO, path));
  }
  return hash.digest('hex').slice(0, 20);
}

/** The folder holding a fresh dist/cli.js (and its chunks); built on first call. */
export async function cliDist(): Promise<string> {
  const home = join(tmpdir(), `siteleaf-publish-cli-${sourcesHash()}`);
  const dist = join(home, 'dist');
  const done = join(home, 'built');
  const lock = `${home}.lock`;
  const deadline = Date.now() + 10 * 60_000;
  while (!existsSync(done)) {
    try {
      mkdirSync(lock);
    } catch {
      // Another worker builds it: wait for it (a lock left by a killed run goes stale).
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - since > 10 * 60_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lock}`);
      await sleep(250);
      continue;
    }
    try {
      if (!existsSync(done)) await build(home, dist, done);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  return dist;
}

/** Builds of other states of the sources, a day old: what no run still uses. */
function pruneOldBuilds(keep: string): void {
  const dayAgo = Date.now() - 24 * 3600_000;
  for (const name of readdirSync(tmpdir())) {
    const path = join(tmpdir(), name);
    if (!name.startsWith('siteleaf-publish-cli-') || path === keep || name.endsWith('.lock'))
      continue;
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat && stat.mtimeMs < dayAgo) rmSync(path, { recursive: true, force: true });
  }
}

async function build(home: string, dist: string, done: string): Promise<void> {
  pruneOldBuilds(home);
  rmSync(home, { recursive: true, force: true });
  const stage = join(home, 'stage');
  mkdirSync(stage, { recursive: true });
  cpSync(join(REPO, 'src'), join(stage, 'src'), { recursive: true });
  cpSync(join(REPO, 'package.json'), join(stage, 'package.json'));
  symlinkSync(join(REPO, 'node_modules'), join(stage, 'node_modules'), 'dir');
  const tsconfig = JSON.parse(readFileSync(join(REPO, 'tsconfig.json'), 'utf8'));
  tsconfig.include = ['src'];
  writeFileSync(join(stage, 'tsconfig.json'), JSON.stringify(tsconfig));
  const result = await run(process.execPath, [
    join(REPO, 'scripts', 'build.js'),
    dist,
    '--from',
    stage,
    '--only',
    'cli.js'
  ]);
  if (result.exitCode !== 0) {
    throw new Error(`Building dist/cli.js failed:\n${result.stderr.slice(-4000)}`);
  }
  writeFileSync(done, new Date().toISOString());
}

export interface CommandResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to its end, its output gathered. */
export function run(
  program: string,
  args: readonly string[],
  options: {
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    onSpawn?: (child: ReturnType<typeof spawn>) => void;
    timeoutMs?: number;
  } = {}
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      cwd: options.cwd ?? REPO,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe']
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (exitCode, signal) => {
      clearTimeout(killer);
      resolve({ exitCode, signal, stdout, stderr });
    });
    options.onSpawn?.(child);
  });
}

/**
 * An environment with nothing of this machine's that could change a run: no proxy, no
 * GitHub runner variables, no SITELEAF_* or NO_COLOR, only what `extra` sets. Node 24 (the
 * one running the tests) comes first on PATH, for `#!/usr/bin/env node`.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: [dirname(process.execPath), process.env.PATH ?? ''].join(':'),
    HOME: process.env.HOME ?? tmpdir(),
    TMPDIR: tmpdir(),
    ...extra
  };
}

/** Whether spawnSync of `program --version` reports a Node older than `major`. */
export function nodeOlderThan(program: string, major: number): string | undefined {
  const result = spawnSync(program, ['--version'], { encoding: 'utf8' });
  const version = result.status === 0 ? result.stdout.trim() : '';
  const found = Number(/^v(\d+)\./.exec(version)?.[1]);
  return found && found < major ? version : undefined;
}
