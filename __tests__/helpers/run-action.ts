// Runs the action in this process exactly as a runner would drive it: INPUT_* variables,
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, and stdout read back for log lines and
// workflow commands (annotations, masks, groups).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { Tuning } from '../../src/main.js';
import { DEFAULT_RETRY_POLICY } from '../../src/siteleaf/retry-policy.js';
import { forgetSecrets } from '../../src/secrets.js';
import { parseOutputsFile, parseWorkflowCommand } from '../../runner/workflow-commands.js';

export interface Annotation {
  kind: 'error' | 'warning' | 'notice';
  properties: Record<string, string>;
  message: string;
}

export interface ActionResult {
  exitCode: number;
  /** Everything written to stdout, workflow commands included. */
  stdout: string;
  /** Plain log lines (no workflow commands). */
  lines: string[];
  annotations: Annotation[];
  outputs: Record<string, string>;
  summary: string;
  /** Everything the run wrote anywhere: stdout, stderr, outputs file, summary file. */
  everything: string;
}

/** Fast faults: retries and reopens in milliseconds instead of seconds. */
export const FAST_TUNING: Partial<Tuning> = {
  retry: {
    ...DEFAULT_RETRY_POLICY,
    baseDelayMs: 5,
    maxDelayMs: 20,
    rateLimitStepMs: 50,
    rateLimitMaxWaitMs: 2000
  },
  idleTimeoutMs: 400,
  reopenDelayMs: 10
};

export const PROXY_VARIABLES = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY'].flatMap(name => [
  name,
  name.toLowerCase()
]);

// @actions/core caches the summary file's path on first use: one file for the whole process.
const scratch = mkdtempSync(join(tmpdir(), 'siteleaf-publish-run-'));
const summaryPath = join(scratch, 'summary.md');
let runs = 0;

export async function runAction(
  inputs: Record<string, string>,
  options: { workspace: string; tuning?: Partial<Tuning>; env?: Record<string, string> }
): Promise<ActionResult> {
  const outputPath = join(scratch, `output-${++runs}.txt`);
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  const saved = { ...process.env };
  // Only what the test gives: no inputs of an earlier run, no proxy of the machine running
  // the tests (a self-hosted CI runner may set one).
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('INPUT_') || PROXY_VARIABLES.includes(key)) delete process.env[key];
  }
  Object.assign(process.env, {
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    ...options.env
  });
  for (const [name, value] of Object.entries(inputs)) {
    process.env[`INPUT_${name.toUpperCase()}`] = value;
  }
  forgetSecrets();
  process.exitCode = undefined;

  let stdout = '';
  let stderr = '';
  const text = (chunk: unknown) =>
    typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString();
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    stdout += text(chunk);
    return true;
  });
  const errSpy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
    stderr += text(chunk);
    return true;
  });
  try {
    const { run } = await import('../../src/main.js');
    await run({ ...FAST_TUNING, ...options.tuning });
  } finally {
    spy.mockRestore();
    errSpy.mockRestore();
    process.env = saved;
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  const outputsText = readFileSync(outputPath, 'utf8');
  const summary = readFileSync(summaryPath, 'utf8');
  return {
    exitCode,
    stdout,
    lines: stdout.split('\n').filter(line => line && !line.startsWith('::')),
    annotations: parseAnnotations(stdout),
    outputs: parseOutputsFile(outputsText),
    summary,
    everything: `${stdout}\n${stderr}\n${outputsText}\n${summary}`
  };
}

export function parseAnnotations(stdout: string): Annotation[] {
  return stdout.split('\n').flatMap(line => {
    const command = parseWorkflowCommand(line);
    if (!command || !['error', 'warning', 'notice'].includes(command.name)) return [];
    const { name, properties, message } = command;
    return [{ kind: name as Annotation['kind'], properties, message }];
  });
}
