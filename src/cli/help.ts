// `siteleaf-publish --help`, written from the flag definitions (and so from action.yml's
// inputs): a new input of the action is a new line here with nothing else to change.
import { ACTION_INPUTS } from './action-inputs.js';
import {
  COMMAND_FLAGS,
  ENVIRONMENT_INPUTS,
  GITHUB_ONLY_INPUTS,
  INPUT_FLAGS,
  type FlagDefinition
} from './options.js';
import { SITE_ID_PLACES } from './site-id.js';

const WIDTH = 80;
const DESCRIPTION_COLUMN = 28;

/**
 * An input's description, reworded for a command line: action.yml speaks of a workspace, a
 * step and input values ("`true` deletes…"), the command of a folder, a run and options.
 */
export function describeForCommandLine(description: string): string {
  return description
    .replace(/relative to GITHUB_WORKSPACE/g, 'relative to the current folder')
    .replace(/\bthe step\b/g, 'the run')
    .replace(/(^|: )`(?:true|false)` (\w)/, (_match, lead: string, letter: string) =>
      lead ? `${lead}${letter}` : letter.toUpperCase()
    );
}

/** How a flag is written in --help: `--prune`, `--no-publish`, `--files <pattern>`. */
export function flagLabel(flag: FlagDefinition): string {
  if (flag.kind === 'boolean') {
    const negative = flag.input?.default === 'true';
    const long = `--${negative ? 'no-' : ''}${flag.name}`;
    return flag.short ? `-${flag.short}, ${long}` : long;
  }
  return `--${flag.name} <${flag.valueName ?? 'value'}>`;
}

function flagText(flag: FlagDefinition): string {
  const input = flag.input;
  if (!input) return flag.description;
  let text = describeForCommandLine(input.description);
  if (input.name === 'site-id') {
    text += ` If not given: ${SITE_ID_PLACES.slice(1).join(', then ')}.`;
  } else if (input.required) {
    text += ' Required.';
  }
  if (flag.repeatable) text += ' Repeat the option for more patterns.';
  if (flag.kind === 'value' && input.default) text += ` [default: ${input.default}]`;
  return text;
}

export function renderHelp(version: string): string {
  const lines: string[] = [
    ...wrap(
      `siteleaf-publish ${version}: upload the theme files that changed, publish the ` +
        'Siteleaf site and follow the publish job, as the siteleaf-publish GitHub Action does.',
      0
    ),
    '',
    'Usage: siteleaf-publish [options]',
    '',
    'Credentials, from the environment only (an option would land in shell history):'
  ];
  for (const input of ACTION_INPUTS) {
    const variable = ENVIRONMENT_INPUTS[input.name];
    if (variable) {
      const text = `${describeForCommandLine(input.description)} (The action's ${input.name}.)`;
      lines.push(...entry(variable, text));
    }
  }
  lines.push('', 'Options (the inputs of the action, by the same names):');
  for (const flag of INPUT_FLAGS) lines.push(...entry(flagLabel(flag), flagText(flag)));
  lines.push('', 'Output:');
  for (const flag of COMMAND_FLAGS) lines.push(...entry(flagLabel(flag), flagText(flag)));
  const githubOnly = Object.entries(GITHUB_ONLY_INPUTS)
    .map(([name, why]) => `${name} (${why})`)
    .join(' and ');
  lines.push(
    '',
    ...wrap(`GitHub Action only, no option here: ${githubOnly}.`, 0),
    '',
    'Exit codes:',
    ...entry('0', 'published, queued (--no-wait), skipped (--no-publish) or dry run'),
    ...entry('1', 'the sync or the publish failed'),
    ...entry('2', 'bad input or usage: an option, credentials or the site id'),
    ...entry('130', 'interrupted (Ctrl-C; 143 for SIGTERM), having said what was uploaded'),
    '',
    ...wrap(
      'Colour only on a terminal, never with NO_COLOR set. HTTPS_PROXY, HTTP_PROXY and ' +
        'NO_PROXY are honoured.',
      0
    ),
    ''
  );
  return lines.join('\n');
}

/** `  label   description`, the description wrapped at the description column. */
function entry(label: string, description: string): string[] {
  const head = `  ${label}`;
  const body = wrap(description, DESCRIPTION_COLUMN);
  if (head.length < DESCRIPTION_COLUMN - 1) {
    return [head.padEnd(DESCRIPTION_COLUMN) + (body[0] ?? '').trimStart(), ...body.slice(1)];
  }
  return [head, ...body];
}

function wrap(text: string, indent: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent + line.length + 1 + word.length > WIDTH) {
      lines.push(' '.repeat(indent) + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(' '.repeat(indent) + line);
  return lines;
}
