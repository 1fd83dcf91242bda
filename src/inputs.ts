// Raw action inputs → one validated, readonly Settings object. Every error names its input.
import * as core from '@actions/core';
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { messageOf } from './format.js';
import { redact, registerSecret } from './secrets.js';
import type { ApiChoice } from './siteleaf/choose-api.js';
import { basicAuthValue } from './siteleaf/basic-auth.js';
import { compileThemePatterns, splitThemePatterns } from './theme/patterns.js';

export interface Settings {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly siteId: string;
  /** Absolute path of the theme folder. */
  readonly themeDir: string;
  /** theme-dir relative to the repository root, `/`-separated ('' for the root): annotations need it. */
  readonly themeDirFromRepo: string;
  readonly filePatterns: readonly string[];
  readonly uploadTheme: boolean;
  readonly prune: boolean;
  readonly publish: boolean;
  readonly wait: boolean;
  readonly timeoutSeconds: number;
  readonly concurrency: number;
  readonly dryRun: boolean;
  /** Origin (and optional base path) without a trailing slash. */
  readonly apiUrl: string;
  /** `auto` asks the site which API it runs on. */
  readonly apiVersion: ApiChoice;
  /** v2: replace (and prune) content editors change in Siteleaf too. */
  readonly overwriteContent: boolean;
  readonly githubToken: string;
  readonly deploymentEnvironment: string;
}

/** A bad input: the step fails before any request, with this message alone. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

export type InputReader = (name: string) => string;

const readActionInput: InputReader = name => core.getInput(name, { trimWhitespace: true });

export const LIMITS = {
  timeoutSeconds: { min: 1, max: 21600 },
  concurrency: { min: 1, max: 32 }
} as const;

/**
 * Reads and checks every input. The key, the secret and the Basic auth value made of them are
 * masked before anything is checked, so no later message can print them.
 */
export function readSettings(
  input: InputReader = readActionInput,
  workspace = process.env.GITHUB_WORKSPACE || process.cwd()
): Settings {
  const apiKey = input('api-key');
  const apiSecret = input('api-secret');
  maskCredentials(apiKey, apiSecret);
  try {
    return checkSettings(input, workspace, apiKey, apiSecret);
  } catch (error) {
    // An input may echo its value (a secret pasted into the wrong input, a key in api-url's
    // query): the message must not carry the key or the secret.
    if (!(error instanceof InputError)) throw error;
    throw new InputError(redact(error.message));
  }
}

function checkSettings(
  input: InputReader,
  workspace: string,
  apiKey: string,
  apiSecret: string
): Settings {
  const required = (name: string, value: string, example: string): string => {
    if (!value) {
      throw new InputError(`Input '${name}' is required but was empty. Set it, e.g. ${example}.`);
    }
    return value;
  };
  required('api-key', apiKey, '`api-key: ${{ secrets.SITELEAF_API_KEY }}`');
  required('api-secret', apiSecret, '`api-secret: ${{ secrets.SITELEAF_API_SECRET }}`');
  if (apiKey.includes(':')) {
    throw new InputError("Input 'api-key' must not contain ':' (it is the Basic auth user name).");
  }
  const siteId = required('site-id', input('site-id'), '`site-id: 5f1e2d3c4b5a69788796a5b4`');
  if (!/^[A-Za-z0-9_-]+$/.test(siteId)) {
    throw new InputError(
      `Input 'site-id' must be a Siteleaf site id (letters, digits, '-' or '_'), got '${siteId}'.`
    );
  }

  const uploadTheme = readBoolean(input, 'upload-theme', true);
  const prune = readBoolean(input, 'prune', false);
  const publish = readBoolean(input, 'publish', true);
  const wait = readBoolean(input, 'wait', true);
  const dryRun = readBoolean(input, 'dry-run', false);
  const overwriteContent = readBoolean(input, 'overwrite-content', false);
  const apiVersion = readChoice(input, 'api-version', API_CHOICES);
  const timeoutSeconds = readInteger(input, 'timeout', 900, LIMITS.timeoutSeconds);
  const concurrency = readInteger(input, 'concurrency', 6, LIMITS.concurrency);

  const { themeDir, themeDirFromRepo } = readThemeDir(input('theme-dir') || '.', workspace);
  const filePatterns = splitThemePatterns(input('files') || '**');
  if (filePatterns.length === 0 || filePatterns.every(p => p.startsWith('!'))) {
    throw new InputError(
      "Input 'files' has no pattern that includes files: give at least one, e.g. '**'."
    );
  }
  try {
    compileThemePatterns(filePatterns);
  } catch (error) {
    throw new InputError(messageOf(error));
  }

  return {
    apiKey,
    apiSecret,
    siteId,
    themeDir,
    themeDirFromRepo,
    filePatterns,
    uploadTheme,
    prune,
    publish,
    wait,
    timeoutSeconds,
    concurrency,
    dryRun,
    apiUrl: readApiUrl(input('api-url') || 'https://api.siteleaf.com'),
    apiVersion,
    overwriteContent,
    githubToken: input('github-token'),
    deploymentEnvironment: input('deployment-environment')
  };
}

function maskCredentials(apiKey: string, apiSecret: string): void {
  registerSecret(apiKey);
  registerSecret(apiSecret);
  if (apiKey || apiSecret) registerSecret(basicAuthValue(apiKey, apiSecret));
}

// YAML 1.2 core schema spellings, as @actions/core's getBooleanInput accepts.
const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];

function readBoolean(input: InputReader, name: string, fallback: boolean): boolean {
  const raw = input(name);
  if (raw === '') return fallback;
  if (TRUE.includes(raw)) return true;
  if (FALSE.includes(raw)) return false;
  throw new InputError(`Input '${name}' must be true or false, got '${raw}'.`);
}

const API_CHOICES = ['auto', 'v1', 'v2'] as const;

function readChoice<T extends string>(input: InputReader, name: string, choices: readonly T[]): T {
  const raw = input(name);
  if (raw === '') return choices[0] as T;
  const value = raw.toLowerCase();
  if (!(choices as readonly string[]).includes(value)) {
    throw new InputError(`Input '${name}' must be one of ${choices.join(', ')}, got '${raw}'.`);
  }
  return value as T;
}

function readInteger(
  input: InputReader,
  name: string,
  fallback: number,
  range: { min: number; max: number }
): number {
  const raw = input(name);
  if (raw === '') return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < range.min || value > range.max) {
    throw new InputError(
      `Input '${name}' must be a whole number from ${range.min} to ${range.max}, got '${raw}'.`
    );
  }
  return value;
}

function readThemeDir(
  raw: string,
  workspace: string
): { themeDir: string; themeDirFromRepo: string } {
  const themeDir = path.resolve(workspace, raw);
  let isDirectory = false;
  try {
    isDirectory = statSync(themeDir).isDirectory();
  } catch {
    // missing: reported below
  }
  if (!isDirectory) {
    throw new InputError(
      `Input 'theme-dir' must be a folder in the repository, but '${raw}' ` +
        `(${themeDir}) does not exist or is not a folder. Did the workflow run actions/checkout first?`
    );
  }
  const relative = path.relative(workspace, themeDir).split(path.sep).join('/');
  // Outside the workspace ('..', '../x', another drive): no path from the repository root.
  // A folder merely named '..x' is inside it.
  const outside = relative === '..' || relative.startsWith('../') || path.isAbsolute(relative);
  return { themeDir, themeDirFromRepo: outside ? '' : relative };
}

function readApiUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InputError(
      `Input 'api-url' must be an http(s) URL such as https://api.siteleaf.com, got '${raw}'.`
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(`Input 'api-url' must use https:// (or http://), got '${raw}'.`);
  }
  if (url.username || url.password) {
    throw new InputError(
      "Input 'api-url' must not carry credentials: use the api-key and api-secret inputs."
    );
  }
  if (url.search || url.hash) {
    // Not echoed: a query is where a misplaced token would be.
    throw new InputError(
      `Input 'api-url' must not have a query or fragment, got '${url.origin}${url.pathname}' followed by one.`
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
