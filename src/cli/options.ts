// The command line: one flag per input of action.yml (ACTION_INPUTS, generated from it), the
// same name, parsed with Node's own util.parseArgs. Two kinds of input are not flags:
// the key and the secret come from the environment only (a flag lands in shell history and in
// every process listing), and the GitHub-only inputs have nothing to act on outside a workflow.
import { parseArgs } from 'node:util';
import { ACTION_INPUTS, type ActionInputDefinition } from './action-inputs.js';
import { messageOf } from '../format.js';

/** Bad usage: exit code 2, the message printed as it is. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Inputs read from the environment instead of a flag. */
export const ENVIRONMENT_INPUTS: Readonly<Record<string, string>> = {
  'api-key': 'SITELEAF_API_KEY',
  'api-secret': 'SITELEAF_API_SECRET'
};

/** Inputs that only mean something in a GitHub Actions workflow: why, for --help and errors. */
export const GITHUB_ONLY_INPUTS: Readonly<Record<string, string>> = {
  'github-token': 'it only serves deployment-environment',
  'deployment-environment': 'a GitHub deployment belongs to a workflow run'
};

/** Inputs given more than once on the command line, each a line of the input. */
const REPEATABLE = new Set(['files']);

/** What a value flag's value is, in --help. */
const VALUE_NAMES: Readonly<Record<string, string>> = {
  'site-id': 'id',
  'theme-dir': 'dir',
  files: 'pattern',
  timeout: 'seconds',
  concurrency: 'n',
  'api-url': 'url',
  'api-version': 'auto|v1|v2'
};

export interface FlagDefinition {
  /** The flag without its dashes: the action input's name for an input's flag. */
  readonly name: string;
  readonly kind: 'boolean' | 'value';
  readonly repeatable: boolean;
  /** The action input it sets; undefined for the command's own flags (--json, --help…). */
  readonly input?: ActionInputDefinition;
  /** For --help. */
  readonly valueName?: string;
  readonly short?: string;
  readonly description: string;
}

/** An action input whose default is true or false is a boolean flag: --x and --no-x. */
function isBooleanInput(input: ActionInputDefinition): boolean {
  return input.default === 'true' || input.default === 'false';
}

export const INPUT_FLAGS: readonly FlagDefinition[] = ACTION_INPUTS.filter(
  input => !(input.name in ENVIRONMENT_INPUTS) && !(input.name in GITHUB_ONLY_INPUTS)
).map(input => ({
  name: input.name,
  kind: isBooleanInput(input) ? 'boolean' : 'value',
  repeatable: REPEATABLE.has(input.name),
  input,
  valueName: isBooleanInput(input) ? undefined : (VALUE_NAMES[input.name] ?? 'value'),
  description: input.description
}));

export const COMMAND_FLAGS: readonly FlagDefinition[] = [
  {
    name: 'json',
    kind: 'boolean',
    repeatable: false,
    description:
      "Print the action's outputs (job-id, status, uploaded, …) as one JSON object on " +
      'stdout, and everything else on stderr.'
  },
  {
    name: 'verbose',
    kind: 'boolean',
    repeatable: false,
    description: 'Print debug lines too (every request, retries and their reasons).'
  },
  { name: 'help', short: 'h', kind: 'boolean', repeatable: false, description: 'Print this help.' },
  { name: 'version', kind: 'boolean', repeatable: false, description: 'Print the version.' }
];

export const ALL_FLAGS: readonly FlagDefinition[] = [...INPUT_FLAGS, ...COMMAND_FLAGS];

export interface CommandLine {
  /** `help` and `version` win over everything else given with them. */
  readonly action: 'run' | 'help' | 'version';
  readonly json: boolean;
  readonly verbose: boolean;
  /**
   * Each input given as a flag, as the action would read it: 'true'/'false' for booleans,
   * repeated values one per line. An input not given is absent.
   */
  readonly inputs: Readonly<Record<string, string>>;
}

export function parseCommandLine(args: readonly string[]): CommandLine {
  let values: Record<string, string | boolean | Array<string | boolean> | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      allowNegative: true,
      options: Object.fromEntries(
        ALL_FLAGS.map(flag => [
          flag.name,
          {
            type: flag.kind === 'boolean' ? ('boolean' as const) : ('string' as const),
            ...(flag.repeatable ? { multiple: true } : {}),
            ...(flag.short ? { short: flag.short } : {})
          }
        ])
      )
    }));
  } catch (error) {
    throw usageErrorOf(error);
  }
  const inputs: Record<string, string> = {};
  for (const flag of INPUT_FLAGS) {
    const value = values[flag.name];
    if (value === undefined) continue;
    if (typeof value === 'boolean') inputs[flag.name] = String(value);
    else if (Array.isArray(value)) inputs[flag.name] = value.join('\n');
    else inputs[flag.name] = value;
  }
  return {
    action: values.help ? 'help' : values.version ? 'version' : 'run',
    json: values.json === true,
    verbose: values.verbose === true,
    inputs
  };
}

/** parseArgs' errors, said for this command: what is wrong and what to do instead. */
function usageErrorOf(error: unknown): UsageError {
  const code = (error as { code?: string }).code;
  const message = messageOf(error);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    // Only the option's name, never what followed it: `--api-secret=…` must not be echoed.
    const option = /'(-[^'=\s]*)/.exec(message)?.[1] ?? 'an option';
    return new UsageError(unknownOptionMessage(option));
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    return new UsageError(
      'siteleaf-publish takes no arguments, only options (see --help). ' +
        "Quote patterns so the shell does not expand them: --files '**/*.html'."
    );
  }
  return new UsageError(message.replace(/\s*\n\s*/g, ' '));
}

function unknownOptionMessage(option: string): string {
  const name = option.replace(/^-+/, '').replace(/^no-/, '');
  const variable = ENVIRONMENT_INPUTS[name];
  if (variable) {
    return (
      `${option} is not an option: set ${variable} in the environment instead ` +
      '(a value on the command line lands in shell history and process listings).'
    );
  }
  const why = GITHUB_ONLY_INPUTS[name];
  if (why) {
    return `${option} is only for the GitHub Action (${why}); the command has no such option.`;
  }
  const guess = closestFlag(name);
  const negated = /^--no-/.test(option) && guess?.kind === 'boolean' ? 'no-' : '';
  const hint = guess ? ` Did you mean --${negated}${guess.name}?` : '';
  return `Unknown option ${option}.${hint} See --help.`;
}

/** The flag a typo most likely meant (edit distance at most 2, or a prefix of 3+ letters). */
function closestFlag(name: string): FlagDefinition | undefined {
  let best: { flag: FlagDefinition; distance: number } | undefined;
  for (const flag of ALL_FLAGS) {
    const distance =
      name.length >= 3 && flag.name.startsWith(name) ? 1 : editDistance(name, flag.name);
    if (distance <= 2 && (!best || distance < best.distance)) best = { flag, distance };
  }
  return best?.flag;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        substitution
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}
