// The README, action.yml and the code describe one action: these keep them from drifting.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import {
  readActionMetadata,
  renderInputsTable,
  renderOutputsTable
} from '../scripts/action-tables.js';
import { ACTION_VERSION } from '../src/version.js';
import { outputsOf } from '../src/report/outputs.js';
import { createRunReport } from '../src/report/run-report.js';

const root = new URL('..', import.meta.url).pathname;
const readme = readFileSync(`${root}README.md`, 'utf8');
const action = readActionMetadata(root);

/** A Markdown table as rows of trimmed cells: Prettier pads columns, which changes nothing. */
function cells(table: string): string[][] {
  return table
    .trim()
    .split('\n')
    .map(row =>
      row
        .trim()
        .replace(/^\||\|$/g, '')
        .split(/(?<!\\)\|/)
        .map(cell => cell.trim().replace(/^-+$/, '---'))
    );
}

function between(start: string, end: string): string {
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  expect(from).toBeGreaterThan(-1);
  expect(to).toBeGreaterThan(from);
  return readme.slice(readme.indexOf('\n', from) + 1, to).trim();
}

describe('README', () => {
  it('has the same input table as action.yml', () => {
    expect(cells(between('<!-- inputs:start', '<!-- inputs:end -->'))).toEqual(
      cells(renderInputsTable(action))
    );
  });

  it('has the same output table as action.yml', () => {
    expect(cells(between('<!-- outputs:start', '<!-- outputs:end -->'))).toEqual(
      cells(renderOutputsTable(action))
    );
  });

  it('shows the two commands a newcomer runs', () => {
    expect(readme).toContain('npm ci && npm run demo');
    expect(readme).toContain('npm ci && npm test');
  });

  it('links the benchmarks', () => {
    expect(readme).toContain('](BENCHMARKS.md)');
  });
});

describe('action.yml', () => {
  it('is tested on the Node it runs on (node24, from the node devDependency)', () => {
    expect(process.versions.node.split('.')[0]).toBe('24');
  });

  it('runs on node24 from dist/', () => {
    const yaml = readFileSync(`${root}action.yml`, 'utf8');
    expect(yaml).toMatch(/using: node24/);
    expect(yaml).toMatch(/main: dist\/index\.js/);
  });

  it('declares every input the code reads, and the code reads every input it declares', () => {
    const source = readFileSync(`${root}src/inputs.ts`, 'utf8');
    const read = new Set([...source.matchAll(/(?:input\(|\(input, )'([a-z-]+)'/g)].map(m => m[1]));
    expect([...read].sort()).toEqual(Object.keys(action.inputs).sort());
  });

  it('declares exactly the outputs the action sets', () => {
    expect(Object.keys(outputsOf(createRunReport())).sort()).toEqual(
      Object.keys(action.outputs).sort()
    );
  });

  it('has the version package.json has, as the User-Agent reports it', () => {
    const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string };
    expect(ACTION_VERSION).toBe(pkg.version);
  });
});
