// The terminal Log: what a line looks like with and without colour, on a terminal or a pipe.
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  colourWanted,
  formatProblem,
  safeLines,
  TerminalLog,
  type TerminalOptions
} from '../src/cli/terminal.js';
import { forgetSecrets, registerSecret } from '../src/secrets.js';
import { Captured, capturedTerminal } from './helpers/terminal.js';

function terminal(overrides: Partial<TerminalOptions> = {}) {
  return capturedTerminal(TerminalLog, overrides);
}

const ESC = '\x1b';

afterEach(() => forgetSecrets());

describe('colourWanted', () => {
  const tty = new Captured(true);
  const pipe = new Captured(false);

  it('colours a terminal', () => {
    expect(colourWanted(tty, {})).toBe(true);
    expect(colourWanted(tty, { TERM: 'xterm-256color' })).toBe(true);
  });

  it('never colours a pipe or a file', () => {
    expect(colourWanted(pipe, {})).toBe(false);
    expect(colourWanted(pipe, { FORCE_COLOR: '1' })).toBe(false);
  });

  it('never colours with NO_COLOR set to anything, and honours an empty NO_COLOR as unset', () => {
    expect(colourWanted(tty, { NO_COLOR: '1' })).toBe(false);
    expect(colourWanted(tty, { NO_COLOR: 'false' })).toBe(false);
    expect(colourWanted(tty, { NO_COLOR: '' })).toBe(true);
  });

  it('never colours a dumb terminal', () => {
    expect(colourWanted(tty, { TERM: 'dumb' })).toBe(false);
  });
});

describe('formatProblem', () => {
  it('reads like a compiler: kind, file:line, message', () => {
    expect(
      formatProblem('error', 'Unknown tag', { file: 'theme/_layouts/default.html', line: 6 }, false)
    ).toBe('error: theme/_layouts/default.html:6: Unknown tag');
    expect(formatProblem('warning', 'Skipped a link', { file: 'theme/x.html' }, false)).toBe(
      'warning: theme/x.html: Skipped a link'
    );
    expect(formatProblem('notice', 'Kept 2 files', undefined, false)).toBe('notice: Kept 2 files');
    expect(formatProblem('error', 'no file', { line: 3, title: 'T' }, false)).toBe(
      'error: no file'
    );
  });

  it('colours the label only, red for errors and yellow for warnings', () => {
    expect(formatProblem('error', 'm', { file: 'f', line: 1 }, true)).toBe(
      `${ESC}[31merror:${ESC}[39m f:1: m`
    );
    expect(formatProblem('warning', 'm', undefined, true)).toBe(`${ESC}[33mwarning:${ESC}[39m m`);
  });

  it('indents the lines of a message under its first', () => {
    expect(formatProblem('error', 'first\nsecond', undefined, false)).toBe(
      'error: first\n       second'
    );
  });
});

describe('safeLines', () => {
  it('shows control characters escaped, so server text cannot drive the terminal', () => {
    expect(safeLines(`red ${ESC}[31m bell \x07 clear ${ESC}]0;title\x07`)).toEqual([
      'red \\u001b[31m bell \\u0007 clear \\u001b]0;title\\u0007'
    ]);
    expect(safeLines('c1 \u009b2J')).toEqual(['c1 \\u009b2J']);
  });

  it('splits at every line break (a bare CR included) and keeps tabs', () => {
    expect(safeLines('a\r\nb\rc\nd\te')).toEqual(['a', 'b', 'c', 'd\te']);
  });

  it('defuses lines a GitHub runner would read as workflow commands', () => {
    expect(safeLines('ok\n::error::x\n  ##[group]y')).toEqual([
      'ok',
      '\u200B::error::x',
      '  ##\u200B[group]y'
    ]);
  });

  it('breaks the old ##[ form anywhere in a line, where the runner reads it too', () => {
    expect(safeLines('12:00:00  working   three ##[error]injected')).toEqual([
      '12:00:00  working   three ##\u200B[error]injected'
    ]);
  });

  it('takes secrets out, even one split by a control character later escaped', () => {
    registerSecret('s3cret\x07value');
    registerSecret('plain-secret');
    expect(safeLines('a s3cret\x07value and plain-secret')).toEqual(['a *** and ***']);
  });
});

describe('TerminalLog', () => {
  it('writes lines to the log stream and problems to the problems stream', () => {
    const { out, log, problems } = terminal();
    out.info('a line');
    out.notice('a notice');
    out.warning('careful', { file: 'theme/a.html' });
    out.error('broken', { file: 'theme/b.html', line: 2 });

    expect(log.text).toBe('a line\nnotice: a notice\n');
    expect(problems.text).toBe('warning: theme/a.html: careful\nerror: theme/b.html:2: broken\n');
  });

  it('turns groups into headings, a blank line before every one but the first', async () => {
    const { out, log } = terminal();
    await out.group('Settings', async () => out.info('site-id: x'));
    const value = await out.group('Upload', async () => 42);

    expect(value).toBe(42);
    expect(log.text).toBe('==> Settings\nsite-id: x\n\n==> Upload\n');
  });

  it('prints debug lines with --verbose only', () => {
    const quiet = terminal();
    quiet.out.debug('GET /x');
    expect(quiet.log.text).toBe('');
    const verbose = terminal({ verbose: true });
    verbose.out.debug('GET /x');
    expect(verbose.log.text).toBe('debug: GET /x\n');
  });

  it('writes no escape sequence at all without colour and off a terminal', async () => {
    const { out, log, problems } = terminal({ verbose: true });
    await out.group('G', async () => {
      out.info('i');
      out.debug('d');
      out.error('e');
      out.result('Done', 'green');
      out.live('Uploading 1/2 …');
    });
    expect(`${log.text}${problems.text}`).not.toContain(ESC);
  });

  it('colours headings, debug lines and the result with colour on', async () => {
    const { out, log } = terminal({ logColour: true, verbose: true });
    await out.group('G', async () => out.debug('d'));
    out.result('Done', 'green');
    expect(log.text).toBe(
      `${ESC}[1m==> G${ESC}[22m\n${ESC}[2mdebug: d${ESC}[22m\n${ESC}[32mDone${ESC}[39m\n`
    );
  });

  it('draws the live line in place on a terminal, under every other line', () => {
    const { out, log } = terminal({ live: true });
    out.live('Uploading 1/3 …');
    out.live('Uploading 2/3 …');
    out.info('Retrying index.html');
    out.live(undefined);

    expect(log.text).toBe(
      'Uploading 1/3 …' +
        '\r\x1b[2KUploading 2/3 …' +
        '\r\x1b[2KRetrying index.html\nUploading 2/3 …' +
        '\r\x1b[2K'
    );
  });

  it('clears the live line before a problem goes to the other stream', () => {
    const { out, log, problems } = terminal({ live: true });
    out.live('Uploading 1/3 …');
    out.error('failed');
    expect(log.text).toBe('Uploading 1/3 …\r\x1b[2KUploading 1/3 …');
    expect(problems.text).toBe('error: failed\n');
  });

  it('cuts the live line to the terminal width, so it never wraps', () => {
    const log = new Captured(true, 30);
    const out = new TerminalLog({
      log,
      problems: new Captured(),
      logColour: false,
      problemsColour: false,
      live: true,
      verbose: false
    });
    out.live(`Uploading 1/3 … ${'x'.repeat(100)}`);
    expect(log.text).toBe(`Uploading 1/3 … ${'x'.repeat(12)}…`);
    expect(log.text).toHaveLength(29);
  });

  it('draws nothing live off a terminal', () => {
    const { out, log } = terminal({ live: false });
    out.live('Uploading 1/3 …');
    out.info('line');
    expect(log.text).toBe('line\n');
    expect(out.isLive).toBe(false);
  });

  it('redacts secrets from headings, lines, problems and the live line', async () => {
    registerSecret('hunter2');
    const { out, log, problems } = terminal({ live: true, verbose: true });
    await out.group('G hunter2', async () => {
      out.info('i hunter2');
      out.debug('d hunter2');
      out.warning('w hunter2', { file: 'f' });
      out.live('l hunter2');
      out.say('s hunter2');
    });
    expect(`${log.text}${problems.text}`).not.toContain('hunter2');
    expect(log.text).toContain('l ***');
  });
});
