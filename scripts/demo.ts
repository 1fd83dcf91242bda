// `npm run demo`: the built action (dist/index.js) against the local Siteleaf API emulator,
// shown as a GitHub workflow run shows it: the step's log with its groups folded open and its
// annotations where they fall, the run's annotations panel, the outputs, and the job summary
// as rendered Markdown. A v2 site by default (examples/site/, a Jekyll site);
// `npm run demo -- --v1` shows a v1 site (examples/theme/). Three runs: a push with theme
// changes, the same commit again (nothing to upload), and a broken template.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../emulator/server.js';
import type { JobStep } from '../emulator/types.js';
import { REPO_ROOT, runDist, type DistRun } from '../runner/run-dist.js';
import { parseWorkflowCommand } from '../runner/workflow-commands.js';

const tty = process.stdout.isTTY;
const style = (code: string) => (text: string) => (tty ? `\x1b[${code}m${text}\x1b[0m` : text);
const bold = style('1');
const dim = style('2');
const red = style('31');
const yellow = style('33');
const blue = style('34');
const underline = style('4');

interface Demo {
  /** What the site runs on, and which example folder mirrors it. */
  readonly version: 'v1' | 'v2';
  readonly example: string;
  /** What the site holds before the push: some current, some outdated, one deleted locally. */
  seed(emulator: Emulator): Promise<void>;
  readonly brokenLine: number;
}

const V2: Demo = {
  version: 'v2',
  example: 'site',
  async seed(emulator) {
    emulator.seedSource([
      { name: '_config.yml', content: await readExample('site', '_config.yml') },
      { name: 'index.html', content: await readExample('site', 'index.html') },
      { name: '_layouts/default.html', content: '<html>{{ content }}</html>\n' },
      // Edited in Siteleaf since the last push: an editor's work, kept by default.
      {
        name: 'about.md',
        content: '---\nlayout: default\ntitle: About us\n---\nEdited in Siteleaf.\n'
      },
      { name: 'assets/css/old.css', content: '/* gone from the repository */\n' }
    ]);
  },
  brokenLine: 9
};

const V1: Demo = {
  version: 'v1',
  example: 'theme',
  async seed(emulator) {
    emulator.seedThemeAssets([
      { filename: 'index.html', content: await readExample('theme', 'index.html') },
      { filename: '_layouts/default.html', content: '<html>{{ content }}</html>\n' },
      { filename: 'old-page.html', content: '<p>gone from the repository</p>\n' }
    ]);
  },
  brokenLine: 9
};

/** A publish job as Siteleaf's own documents show one: no claim about counts it cannot know. */
const PUBLISH_STEPS: JobStep[] = [
  { status: 'working', message: 'Fetching inventory...' },
  { status: 'working', message: 'Compiling...' },
  { status: 'working', message: 'Checking... /' },
  { status: 'working', message: 'Checking... /about/' },
  { status: 'complete', message: 'Published' }
];

async function main(): Promise<number> {
  const demo = process.argv.includes('--v1') ? V1 : V2;
  const emulator = await startEmulator({
    siteVersion: demo.version,
    latencyMs: 30,
    job: { stepMs: 150, steps: PUBLISH_STEPS }
  });
  try {
    await demo.seed(emulator);
    console.log(
      dim(
        `Siteleaf API emulator on ${emulator.url}, a ${demo.version} site; the example is ` +
          `examples/${demo.example}/.${demo.version === 'v2' ? ' (npm run demo -- --v1 shows a v1 site.)' : ''}`
      )
    );

    const inputs = {
      'api-key': emulator.options.apiKey,
      'api-secret': emulator.options.apiSecret,
      'site-id': emulator.options.siteId,
      'api-url': emulator.url,
      'theme-dir': demo.example,
      prune: 'true'
    };
    const workspace = join(REPO_ROOT, 'examples');

    const first = await step('Run 1: push to main with theme changes', inputs, workspace);
    const second = await step('Run 2: the same commit again', inputs, workspace);
    emulator.options.job = {
      stepMs: 150,
      steps: [
        { status: 'working', message: 'Fetching inventory...' },
        { status: 'working', message: 'Compiling...' },
        {
          status: 'error',
          message: `Liquid syntax error in _layouts/default.html (line ${demo.brokenLine}): Unknown tag 'endfor'`
        }
      ]
    };
    const third = await step('Run 3: a template Siteleaf cannot compile', inputs, workspace);

    const expected =
      first.exitCode === 0 &&
      Number(first.outputs.uploaded) > 0 &&
      second.exitCode === 0 &&
      second.outputs.uploaded === '0' &&
      third.exitCode !== 0;
    const kept = demo.version === 'v2' ? `, ${first.outputs.kept} kept` : '';
    console.log(
      `\n${bold('Demo finished:')} ${demo.version} site, run 1 ${verdict(first)} (${first.outputs.uploaded} uploaded, ` +
        `${first.outputs.deleted} pruned${kept}), run 2 ${verdict(second)} (${second.outputs.uploaded} uploaded), ` +
        `run 3 ${verdict(third)} with an annotation on the broken template.`
    );
    return expected ? 0 : 1;
  } finally {
    await emulator.close();
  }
}

/** The commit the demo says it publishes: this repository's, as a runner would set it. */
function githubEnv(): Record<string, string> {
  let sha = '0000000000000000000000000000000000000000';
  try {
    sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    // Not a git checkout: the placeholder will do.
  }
  return {
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'example/siteleaf-site',
    GITHUB_SHA: sha,
    GITHUB_REF_NAME: 'main'
  };
}

async function step(
  title: string,
  inputs: Record<string, string>,
  workspace: string
): Promise<DistRun> {
  console.log(`\n${bold(`━━━ ${title} ━━━`)}`);
  const log = new WorkflowLog([inputs['api-key'] ?? '', inputs['api-secret'] ?? '']);
  log.stepHeader('./', inputs);
  const result = await runDist({
    inputs,
    workspace,
    env: githubEnv(),
    onRawLine: line => log.line(line)
  });
  log.annotationsPanel();
  console.log(`\n  ${bold('Exit code')} ${result.exitCode}`);
  console.log(`\n  ${bold('Outputs')}`);
  for (const [name, value] of Object.entries(result.outputs)) console.log(`    ${name}: ${value}`);
  console.log(
    `\n  ${bold('Job summary')} ${dim('(rendered; folded sections show ▶, as on GitHub)')}`
  );
  for (const line of renderMarkdown(result.summary)) console.log(`  │ ${line}`);
  return result;
}

/**
 * A step's log as GitHub's run page shows it: the step's `with:` inputs, groups (shown
 * unfolded, their lines indented), annotations as coloured `Error:` / `Warning:` / `Notice:`
 * lines, masked values as ***, and debug lines and other commands hidden.
 */
class WorkflowLog {
  private inGroup = false;
  private readonly masks: string[];
  private readonly annotations: Array<{
    kind: string;
    title?: string;
    where: string;
    message: string;
  }> = [];

  constructor(secrets: string[]) {
    this.masks = secrets.filter(Boolean);
  }

  stepHeader(uses: string, inputs: Record<string, string>): void {
    console.log(bold(`▼ Run ${uses}`));
    console.log('    with:');
    for (const [name, value] of Object.entries(inputs)) {
      console.log(`      ${name}: ${this.mask(value)}`);
    }
  }

  line(raw: string): void {
    const command = parseWorkflowCommand(raw);
    if (!command) return this.print(this.mask(raw));
    const { name, properties, message } = command;
    switch (name) {
      case 'group':
        this.inGroup = true;
        console.log(bold(`▼ ${this.mask(message)}`));
        return;
      case 'endgroup':
        this.inGroup = false;
        return;
      case 'add-mask':
        if (message) this.masks.push(message);
        return;
      case 'error':
      case 'warning':
      case 'notice': {
        const text = this.mask(message);
        const colour = name === 'error' ? red : name === 'warning' ? yellow : blue;
        const label = name === 'error' ? 'Error' : name === 'warning' ? 'Warning' : 'Notice';
        this.print(colour(`${label}: ${text}`));
        const where = properties.file
          ? `${properties.file}${properties.line ? `#L${properties.line}` : ''}`
          : '';
        this.annotations.push({ kind: name, title: properties.title, where, message: text });
        return;
      }
      default:
        return; // debug, set-output, echo: not shown
    }
  }

  /** The run page's "Annotations" box: each with its title, file and line. */
  annotationsPanel(): void {
    if (this.annotations.length === 0) return;
    const counts = ['error', 'warning', 'notice']
      .map(kind => [kind, this.annotations.filter(a => a.kind === kind).length] as const)
      .filter(([, n]) => n > 0)
      .map(([kind, n]) => `${n} ${kind}${n > 1 ? 's' : ''}`)
      .join(' and ');
    console.log(`\n  ${bold('Annotations')} ${dim(counts)}`);
    const order = ['error', 'warning', 'notice'];
    const sorted = [...this.annotations].sort(
      (a, b) => order.indexOf(a.kind) - order.indexOf(b.kind)
    );
    for (const a of sorted) {
      const icon = a.kind === 'error' ? red('✖') : a.kind === 'warning' ? yellow('⚠') : blue('ⓘ');
      const head = [a.title ? bold(a.title) : '', a.where ? underline(a.where) : '']
        .filter(Boolean)
        .join('  ');
      const label = a.kind === 'error' ? 'Error' : a.kind === 'warning' ? 'Warning' : 'Notice';
      console.log(`    ${icon} ${head || bold(label)}`);
      console.log(`      ${a.message}`);
    }
  }

  private print(text: string): void {
    console.log(this.inGroup ? `    ${text}` : `  ${text}`);
  }

  private mask(text: string): string {
    let out = text;
    for (const secret of this.masks) out = out.split(secret).join('***');
    return out;
  }
}

/**
 * The summary's Markdown as GitHub renders it, in a terminal: headings and bold in bold, links
 * as their (underlined) text, code as text, quotes with a bar, lists with bullets, code blocks
 * indented, and each <details> folded to its summary line.
 */
function renderMarkdown(markdown: string): string[] {
  const out: string[] = [];
  let inCode = false;
  let inFold = false;
  for (const line of markdown.trimEnd().split('\n')) {
    if (inFold) {
      if (line.startsWith('</details>')) inFold = false;
      continue;
    }
    if (line.startsWith('```')) {
      inCode = !inCode;
      continue;
    }
    if (inCode) {
      out.push(`    ${dim(line)}`);
      continue;
    }
    const fold = /^<details><summary>(.*)<\/summary>/.exec(line);
    if (fold) {
      out.push(`▶ ${unescapeHtml(fold[1] ?? '')}`);
      inFold = !line.includes('</details>');
      continue;
    }
    const heading = /^#{1,6} (.*)$/.exec(line);
    if (heading) {
      out.push(bold(inline(heading[1] ?? '')));
      continue;
    }
    if (line.startsWith('> ')) {
      out.push(`${dim('▍')} ${inline(line.slice(2))}`);
      continue;
    }
    if (line.startsWith('- ')) {
      out.push(`  • ${inline(line.slice(2))}`);
      continue;
    }
    out.push(inline(line));
  }
  // One blank line between blocks, as Markdown paragraphs.
  return out.filter((line, i) => line !== '' || out[i - 1] !== '');
}

/** Inline Markdown: links to their text, **bold**, `code`, backslash escapes. */
function inline(text: string): string {
  return text
    .replace(/\[((?:\\.|[^\]\\])*)\]\((?:[^()]|\([^()]*\))*\)/g, (_, label: string) =>
      underline(inline(label))
    )
    .replace(/\*\*(.+?)\*\*/g, (_, inner: string) => bold(inner))
    .replace(/(`+) ?(.+?) ?\1/g, (_, _ticks: string, code: string) => code)
    .replace(/\\([\\`*_[\]<>|&~])/g, '$1');
}

function unescapeHtml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function verdict(run: DistRun): string {
  return run.exitCode === 0 ? 'green' : 'red';
}

async function readExample(folder: string, name: string): Promise<string> {
  return readFile(join(REPO_ROOT, 'examples', folder, name), 'utf8');
}

main().then(
  code => process.exit(code),
  error => {
    console.error(error);
    process.exit(1);
  }
);
