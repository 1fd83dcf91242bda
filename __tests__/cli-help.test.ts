// --help and the options come from action.yml's inputs: the generated module is current, and
// the help says every input, reworded for a command line.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { CLI_INPUTS_MODULE, renderCliInputsModule } from '../scripts/cli-inputs.js';
import { readActionMetadata } from '../scripts/action-tables.js';
import { ACTION_INPUTS } from '../src/cli/action-inputs.js';
import { describeForCommandLine, flagLabel, renderHelp } from '../src/cli/help.js';
import { COMMAND_FLAGS, INPUT_FLAGS } from '../src/cli/options.js';

const root = new URL('..', import.meta.url).pathname;
const help = renderHelp('9.9.9');

describe('src/cli/action-inputs.ts', () => {
  it('is what action.yml renders (else: npm run cli:inputs)', async () => {
    const committed = readFileSync(`${root}${CLI_INPUTS_MODULE}`, 'utf8');
    expect(committed).toBe(await renderCliInputsModule(root));
  });

  it('holds every input of action.yml, in its order, with its default', () => {
    const action = readActionMetadata(root);
    expect(ACTION_INPUTS.map(input => [input.name, input.default, input.required])).toEqual(
      Object.entries(action.inputs).map(([name, input]) => [
        name,
        input.default ?? '',
        input.required === true
      ])
    );
  });
});

describe('--help', () => {
  it('lists every option with its reworded description', () => {
    for (const flag of [...INPUT_FLAGS, ...COMMAND_FLAGS]) {
      expect(help).toContain(`  ${flagLabel(flag)}`);
    }
    const flat = help.replace(/\s+/g, ' ');
    for (const flag of INPUT_FLAGS) {
      expect(flat).toContain(describeForCommandLine(flag.input?.description ?? ''));
    }
  });

  it('names every input of action.yml, the credentials by their variables', () => {
    for (const input of ACTION_INPUTS) expect(help).toContain(input.name);
    expect(help).toContain('SITELEAF_API_KEY');
    expect(help).toContain('SITELEAF_API_SECRET');
    expect(help).not.toContain('--api-key');
    expect(help).not.toContain('--api-secret');
  });

  it('says the GitHub-only inputs are not options here', () => {
    expect(help).toMatch(
      /GitHub Action only, no option here: github-token .* deployment-environment/s
    );
    expect(help).not.toContain('--github-token');
    expect(help).not.toContain('--deployment-environment');
  });

  it('shows booleans the way they change the default: --prune, --no-publish', () => {
    expect(help).toMatch(/^ {2}--prune {2,}/m);
    expect(help).toMatch(/^ {2}--no-publish {2,}/m);
    expect(help).toMatch(/^ {2}--no-wait {2,}/m);
    expect(help).toMatch(/^ {2}--no-upload-theme {2,}/m);
    expect(help).toMatch(/^ {2}--dry-run {2,}/m);
    expect(help).toMatch(/^ {2}--files <pattern> {2,}/m);
  });

  it('says where the site id is looked for, and the exit codes', () => {
    const flat = help.replace(/\s+/g, ' ');
    expect(flat).toContain(
      "If not given: SITELEAF_SITE_ID, then site_id in <theme-dir>/.siteleaf.yml, then :site_id => '…' in <theme-dir>/config.ru."
    );
    for (const code of ['0', '1', '2', '130'])
      expect(help).toMatch(new RegExp(`^ {2}${code} `, 'm'));
  });

  it('speaks of a command line, not of a workflow step', () => {
    expect(help).not.toContain('GITHUB_WORKSPACE');
    expect(help).not.toMatch(/\bthe step\b/);
    expect(help).not.toMatch(/`(true|false)`/);
  });

  it('fits in 80 columns', () => {
    for (const line of help.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });
});

describe('describeForCommandLine', () => {
  it.each([
    ['`false` uploads nothing and only publishes.', 'Uploads nothing and only publishes.'],
    ['`true` deletes remote theme assets.', 'Deletes remote theme assets.'],
    ['v2 only: `true` lets the upload replace.', 'v2 only: lets the upload replace.'],
    ['Folder relative to GITHUB_WORKSPACE.', 'Folder relative to the current folder.'],
    ['Seconds; past it the step fails.', 'Seconds; past it the run fails.']
  ])('%j', (description, expected) => {
    expect(describeForCommandLine(description)).toBe(expected);
  });
});
