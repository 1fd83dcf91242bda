// The command line and the environment → the action's own Settings, through the action's own
// readSettings: the options are an InputReader, so every check and every limit is the
// action's. Credentials and the site id are looked for first, so that when any is missing one
// error says every place looked; the action's messages are then reworded for a command line
// (`--timeout`, not "Input 'timeout'": wording.ts).
import * as path from 'node:path';
import { InputError, readSettings, type InputReader, type Settings } from '../inputs.js';
import { registerSecret } from '../secrets.js';
import { ENVIRONMENT_INPUTS, UsageError, type CommandLine } from './options.js';
import { findSiteId } from './site-id.js';
import { forCommandLine } from './wording.js';

export interface CommandSettings {
  readonly settings: Settings;
  /** Where the site id was found ('--site-id', 'SITELEAF_SITE_ID', 'theme/.siteleaf.yml'…). */
  readonly siteIdFrom: string;
}

/** The key and secret are secrets from the moment they are read, before any check. */
export function registerEnvironmentSecrets(env: NodeJS.ProcessEnv): void {
  for (const variable of Object.values(ENVIRONMENT_INPUTS)) {
    const value = env[variable];
    if (value) {
      registerSecret(value);
      registerSecret(value.trim());
    }
  }
}

/** Settings for a run, or a UsageError that says what is missing or wrong. */
export function readCommandSettings(
  commandLine: CommandLine,
  env: NodeJS.ProcessEnv,
  cwd: string
): CommandSettings {
  registerEnvironmentSecrets(env);
  const given = commandLine.inputs;
  const themeDirRaw = given['theme-dir']?.trim() || '.';
  const themeDir = path.resolve(cwd, themeDirRaw);
  // As readSettings names it from the repository root; outside the current folder, as given.
  const relative = path.relative(cwd, themeDir).split(path.sep).join('/');
  const outside = relative === '..' || relative.startsWith('../') || path.isAbsolute(relative);
  const themeDirLabel = outside ? themeDirRaw : relative || '.';

  const missingVariables = Object.values(ENVIRONMENT_INPUTS).filter(name => !env[name]?.trim());
  const site = findSiteId({
    option: given['site-id'],
    variable: env.SITELEAF_SITE_ID,
    themeDir,
    themeDirLabel
  });
  if (missingVariables.length > 0 || site.siteId === undefined) {
    throw new UsageError(
      missingMessage(
        missingVariables,
        site.siteId === undefined ? site.looked : undefined,
        themeDirLabel
      )
    );
  }

  const { siteId, from: siteIdFrom } = site;
  const input: InputReader = name => {
    const variable = ENVIRONMENT_INPUTS[name];
    if (variable) return env[variable]?.trim() ?? '';
    if (name === 'site-id') return siteId;
    return given[name]?.trim() ?? '';
  };
  try {
    return { settings: readSettings(input, cwd), siteIdFrom };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const where =
      siteIdFrom !== '--site-id' && /^Input 'site-id'/.test(error.message)
        ? ` (The site id came from ${siteIdFrom}.)`
        : '';
    throw new UsageError(forCommandLine(error.message) + where);
  }
}

/** One message for everything missing: what, where the site id was looked for, what to do. */
function missingMessage(
  variables: readonly string[],
  siteIdLooked: readonly string[] | undefined,
  themeDirLabel: string
): string {
  const names = [...variables, ...(siteIdLooked ? ['the site id'] : [])];
  const list =
    names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0];
  const lines = [`Missing ${list}.`];
  if (variables.length > 0) {
    lines.push(
      "Set SITELEAF_API_KEY and SITELEAF_API_SECRET in the environment (from your CI's secret " +
        'variables); they are never options.'
    );
  }
  if (siteIdLooked) {
    const yml = themeDirLabel === '.' ? '.siteleaf.yml' : `${themeDirLabel}/.siteleaf.yml`;
    lines.push(
      'Looked for the site id in:',
      ...siteIdLooked.map(place => `  ${place}`),
      `Give --site-id, set SITELEAF_SITE_ID, or write \`site_id: <id>\` in ${yml}.`
    );
  }
  return lines.join('\n');
}
