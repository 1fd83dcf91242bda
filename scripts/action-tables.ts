// The README's input and output tables, rendered from action.yml so the two cannot drift:
// a test checks the README holds exactly this text; `npm run readme:tables` prints it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

interface ActionInput {
  description: string;
  required?: boolean;
  default?: string;
}

interface ActionMetadata {
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { description: string }>;
}

export function readActionMetadata(root: string): ActionMetadata {
  return parse(readFileSync(join(root, 'action.yml'), 'utf8')) as ActionMetadata;
}

export function renderInputsTable(action: ActionMetadata): string {
  const rows = Object.entries(action.inputs).map(([name, input]) => {
    const fallback = input.required
      ? '**required**'
      : input.default
        ? `\`${input.default}\``
        : '_empty_';
    return `| \`${name}\` | ${fallback} | ${cell(input.description)} |`;
  });
  return ['| Input | Default | Description |', '| --- | --- | --- |', ...rows].join('\n');
}

export function renderOutputsTable(action: ActionMetadata): string {
  const rows = Object.entries(action.outputs).map(
    ([name, output]) => `| \`${name}\` | ${cell(output.description)} |`
  );
  return ['| Output | Description |', '| --- | --- |', ...rows].join('\n');
}

function cell(text: string): string {
  return text
    .trim()
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|');
}

if (process.argv[1]?.endsWith('action-tables.js')) {
  const action = readActionMetadata(process.cwd());
  console.log(`${renderInputsTable(action)}\n\n${renderOutputsTable(action)}`);
}
