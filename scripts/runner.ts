// Runs the built action (dist/index.js) the way a GitHub runner does: inputs as INPUT_*
// variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, and the log rendered as the
// Actions UI shows it (groups, annotations; masks and debug lines hidden).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DistRun {
  exitCode: number;
  /** Raw stdout, workflow commands included. */
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
}

/** The repository root: this file runs from scripts/ (tests) or .build/scripts/ (npm run demo). */
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

  const child = spawn(process.execPath, [options.entry ?? DIST_ENTRY], {
    env,
    cwd: options.workspace,
    stdio: ['ignore', 'pipe', options.onStderr ? 'pipe' : 'inherit']
  });
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

/** A workflow command (`::name key=value,...::message`), its data unescaped. */
export interface WorkflowCommand {
  readonly name: string;
  readonly properties: Record<string, string>;
  readonly message: string;
}

/** The workflow command on a stdout line, or undefined for a plain log line. */
export function parseWorkflowCommand(line: string): WorkflowCommand | undefined {
  const command = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!command) return undefined;
  const [, name = '', props = '', message = ''] = command;
  const properties = Object.fromEntries(
    props
      .split(',')
      .filter(Boolean)
      .map(p => {
        const [k, ...v] = p.split('=');
        return [k as string, unescapeData(v.join('='))];
      })
  );
  return { name, properties, message: unescapeData(message) };
}

/** One stdout line as the Actions log shows it; undefined for lines the UI hides. */
export function renderLogLine(line: string): string | undefined {
  const command = parseWorkflowCommand(line);
  if (!command) return line;
  const { name, properties: place, message: text } = command;
  switch (name) {
    case 'group':
      return `▼ ${text}`;
    case 'endgroup':
      return '';
    case 'error':
    case 'warning':
    case 'notice': {
      const where = place.file ? ` ${place.file}${place.line ? `#L${place.line}` : ''}` : '';
      const label = name === 'error' ? 'Error' : name === 'warning' ? 'Warning' : 'Notice';
      return `${label}${where}: ${text}`;
    }
    default:
      return undefined; // add-mask, debug, set-output: not shown in the UI
  }
}

/** Undoes @actions/core's escaping of workflow command data and properties. */
export function unescapeData(text: string): string {
  return text
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%');
}

export function parseOutputsFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const match of text.matchAll(/^(.+?)<<(.+)\n([\s\S]*?)\n\2$/gm)) {
    outputs[match[1] as string] = match[3] as string;
  }
  return outputs;
}
