// Progress from the flow's steps: a live line on a terminal, each step's line elsewhere.
import { describe, expect, it } from '@jest/globals';
import { ProgressLog } from '../src/cli/progress.js';
import { TerminalLog, type Output } from '../src/cli/terminal.js';
import { createRunReport, type RunReport } from '../src/report/run-report.js';
import type { ThemeSyncPlan } from '../src/theme/plan.js';

class Captured implements Output {
  text = '';
  constructor(readonly isTTY: boolean) {}
  write(text: string): boolean {
    this.text += text;
    return true;
  }
}

function setup(tty: boolean, hashes = true) {
  const log = new Captured(tty);
  const terminal = new TerminalLog({
    log,
    problems: new Captured(false),
    logColour: false,
    problemsColour: false,
    live: tty,
    verbose: false
  });
  const report = createRunReport();
  return { log, report, progress: new ProgressLog(terminal, report, hashes) };
}

/** A plan with `uploads` new files and one replaced file. */
function plan(uploads: number): ThemeSyncPlan {
  const file = (filename: string) => ({ filename, size: 1, checksum: 'c' }) as never;
  return {
    upload: Array.from({ length: uploads }, (_, i) => file(`f${i}.html`)),
    replace: [{ file: file('index.html'), previous: [] }],
    unchanged: [],
    kept: [],
    duplicates: [],
    prune: []
  } as unknown as ThemeSyncPlan;
}

/** What the flow does around the upload. */
async function upload(progress: ProgressLog, report: RunReport) {
  report.plan = plan(2);
  const step = (done: number, item: string, line: string) =>
    progress.progress({ phase: 'uploading', done, total: 3, item, line });
  await progress.group('Upload', async () => {
    step(1, 'f0.html', 'Uploaded f0.html (1 B)');
    progress.info('Retrying f1.html after a 503');
    step(2, 'f1.html', 'Uploaded f1.html (1 B; to be checked)');
    step(3, 'index.html', 'Replaced index.html');
    progress.info('Pruned old.html');
  });
  progress.info('Theme synced: 2 added, 1 replaced, 1 pruned.');
  progress.end();
}

describe('ProgressLog on a terminal', () => {
  it('turns the per-file upload steps into one live line', async () => {
    const { log, report, progress } = setup(true);
    await upload(progress, report);

    const clear = '\r\x1b[2K';
    expect(log.text).toBe(
      '==> Upload\n' +
        'Uploading 1/3 … f0.html' +
        `${clear}Retrying f1.html after a 503\nUploading 1/3 … f0.html` +
        `${clear}Uploading 2/3 … f1.html` +
        `${clear}Uploading 3/3 … index.html` +
        `${clear}Pruned old.html\nUploading 3/3 … index.html` +
        `${clear}Theme synced: 2 added, 1 replaced, 1 pruned.\n`
    );
  });

  it('says it is hashing between the settings and the plan', async () => {
    const { log, report, progress } = setup(true);
    await progress.group('Settings', async () => progress.info('site-id: x'));
    report.plan = plan(0);
    await progress.group('Plan for 1 theme files', async () => progress.info('+ a (upload)'));

    expect(log.text).toBe(
      '==> Settings\nsite-id: x\n' +
        'Hashing theme files and listing the site …' +
        '\r\x1b[2K\n==> Plan for 1 theme files\n+ a (upload)\n'
    );
  });

  it('does not claim to hash when nothing is uploaded, or when the settings failed', async () => {
    const publishOnly = setup(true, false);
    await publishOnly.progress.group('Settings', async () => {});
    expect(publishOnly.log.text).toBe('==> Settings\n');

    const failed = setup(true);
    await expect(
      failed.progress.group('Settings', async () => {
        throw new Error('404');
      })
    ).rejects.toThrow('404');
    expect(failed.log.text).toBe('==> Settings\n');
  });

  it('shows how many files are hashed', () => {
    const { log, progress } = setup(true);
    progress.progress({ phase: 'hashing', done: 300, total: 1500 });
    expect(log.text).toBe('Hashing 300/1500 …');
  });
});

describe('ProgressLog elsewhere (a CI log, a pipe)', () => {
  it('passes every line through: one line per file', async () => {
    const { log, report, progress } = setup(false);
    await progress.group('Settings', async () => {});
    await upload(progress, report);

    expect(log.text).toBe(
      '==> Settings\n\n==> Upload\n' +
        'Uploaded f0.html (1 B)\n' +
        'Retrying f1.html after a 503\n' +
        'Uploaded f1.html (1 B; to be checked)\n' +
        'Replaced index.html\n' +
        'Pruned old.html\n' +
        'Theme synced: 2 added, 1 replaced, 1 pruned.\n'
    );
  });
});
