// src/cli/action-inputs.ts, rendered from action.yml: the command's flags and its --help are
// made from the action's own input definitions, so the two front doors cannot drift. A test
// fails when the committed module is not what this renders; `npm run cli:inputs` rewrites it.
// It imports no module of this repository, so Node runs it as it is (type stripping): no build.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as prettier from 'prettier';
import { parse } from 'yaml';

interface ActionYml {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
}

export const CLI_INPUTS_MODULE = 'src/cli/action-inputs.ts';

export async function renderCliInputsModule(root: string): Promise<string> {
  const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as ActionYml;
  const inputs = Object.entries(action.inputs).map(([name, input]) => ({
    name,
    description: input.description.trim().replace(/\s*\n\s*/g, ' '),
    required: input.required === true,
    default: input.default ?? ''
  }));
  const text = [
    '// Generated from action.yml by `npm run cli:inputs`: do not edit by hand. A test fails',
    '// when this is not what action.yml renders, so the command and the action cannot drift.',
    '',
    'export interface ActionInputDefinition {',
    '  readonly name: string;',
    '  readonly description: string;',
    '  readonly required: boolean;',
    "  /** As action.yml writes it ('' when it gives none). */",
    '  readonly default: string;',
    '}',
    '',
    `export const ACTION_INPUTS: readonly ActionInputDefinition[] = ${JSON.stringify(inputs)};`,
    ''
  ].join('\n');
  const options = await prettier.resolveConfig(join(root, CLI_INPUTS_MODULE));
  return prettier.format(text, { ...options, parser: 'typescript' });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = process.cwd();
  const text = await renderCliInputsModule(root);
  const target = join(root, CLI_INPUTS_MODULE);
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // first run
  }
  if (current === text) console.log(`${CLI_INPUTS_MODULE} is current.`);
  else {
    writeFileSync(target, text);
    console.log(`Wrote ${CLI_INPUTS_MODULE} from action.yml.`);
  }
}
