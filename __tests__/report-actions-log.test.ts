// The Log on a runner: every line it writes stays one line of text that starts no workflow
// command, and has its secrets taken out last.
import { afterEach, describe, expect, it } from '@jest/globals';
import { ActionsLog, commandLine, oneLine } from '../src/report/actions-log.js';
import { forgetSecrets, registerSecret } from '../src/secrets.js';
import { parseWorkflowCommand } from '../runner/workflow-commands.js';

afterEach(() => forgetSecrets());

/** What the runner reads: it ends a line at CR as well as at LF. */
const runnerLines = (text: string) => text.split(/\r\n|\r|\n/).filter(Boolean);

function written(): { log: ActionsLog; text: () => string } {
  let out = '';
  const log = new ActionsLog(chunk => void (out += chunk));
  return { log, text: () => out };
}

describe('oneLine', () => {
  it('shows line breaks as \\n and \\r, so one message is one line', () => {
    expect(oneLine('a\nb\r\nc\rd')).toBe('a\\nb\\nc\\rd');
  });

  it.each(['::error::x', '  ::add-mask::x', '\t::warning::x', '\u0085::stop-commands::x'])(
    'leads %p with a zero-width space, so it starts no command',
    text => {
      const line = oneLine(text);
      expect(line.trimStart().startsWith('::')).toBe(false);
      expect(line.replace('\u200B', '')).toBe(text);
    }
  );

  it('breaks the old ##[ form wherever it is: the runner reads it anywhere in a line', () => {
    expect(oneLine('Uploaded ##[error]x.html and ##[warning]y')).toBe(
      'Uploaded ##\u200B[error]x.html and ##\u200B[warning]y'
    );
  });

  it('defuses a command led by NEL (U+0085), which the runner trims and \\s does not match', () => {
    const line = oneLine('\u0085::error::injected');
    expect(line.startsWith('\u200B')).toBe(true);
    expect(parseWorkflowCommand(line)).toBeUndefined();
    expect(parseWorkflowCommand('\u0085::error::injected')).toBeDefined(); // what the runner reads
  });

  it('a command after a line break stays on the line', () => {
    expect(runnerLines(oneLine('fine\n::error::injected\r##[set-output name=a]b'))).toHaveLength(1);
  });

  it('takes secrets out, whether they came with a line break or not', () => {
    registerSecret('two-line\nsecret-here');
    expect(oneLine('got two-line\nsecret-here!')).toBe('got ***!');
    expect(oneLine('got two-line\\nsecret-here!')).toBe('got ***!');
  });
});

describe('commandLine', () => {
  it('escapes data and properties as @actions/core does', () => {
    expect(
      commandLine('error', { file: 'a,b:c.html', line: 3, title: 'T: 100%' }, '50%\ndone\r')
    ).toBe('::error title=T%3A 100%25,file=a%2Cb%3Ac.html,line=3::50%25%0Adone%0D');
  });

  it('breaks ##[ in annotations too, and redacts the very text written', () => {
    registerSecret('hunter2-secret');
    expect(commandLine('warning', undefined, '##[error]hunter2-secret')).toBe(
      '::warning::##\u200B[error]***'
    );
  });
});

describe('ActionsLog', () => {
  it('writes every kind of line as one runner line, nothing injected', () => {
    const { log, text } = written();
    const evil = 'x\n::error::injected\r::add-mask::injected ##[warning]injected';
    log.info(evil);
    log.debug(evil);
    log.warning(evil, { file: 'theme/a.html', title: evil });
    log.error(evil);
    log.notice(evil);
    const lines = runnerLines(text());
    expect(lines).toHaveLength(5);
    expect(lines.map(line => /^::([a-z-]+)/.exec(line.trimStart())?.[1] ?? 'text')).toEqual([
      'text',
      'debug',
      'warning',
      'error',
      'notice'
    ]);
    expect(text()).not.toContain('##[');
  });

  it('groups with an escaped name', async () => {
    const { log, text } = written();
    await log.group('Plan\n::error::x', async () => log.info('inside'));
    expect(runnerLines(text())).toEqual(['::group::Plan%0A::error::x', 'inside', '::endgroup::']);
  });

  it('past 10 annotations of a kind, writes them as plain lines (one error slot kept)', () => {
    const { log, text } = written();
    for (let i = 0; i < 12; i++) log.error(`e${i}\n::error::x`);
    const lines = runnerLines(text());
    expect(lines.filter(line => line.startsWith('::error'))).toHaveLength(9);
    expect(lines.filter(line => line.startsWith('Error: '))).toHaveLength(3);
    expect(log.raised).toHaveLength(12);
  });

  it('records what it raised with secrets taken out', () => {
    registerSecret('hunter2-secret');
    const { log } = written();
    log.warning('saw hunter2-secret');
    expect(log.raised).toEqual([{ kind: 'warning', message: 'saw ***' }]);
  });
});
