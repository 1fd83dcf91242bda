// A terminal Log whose two streams keep what is written, for tests of what the command prints.
import { TerminalLog, type Output, type TerminalOptions } from '../../src/cli/terminal.js';

/** A stream that keeps what is written. */
export class Captured implements Output {
  text = '';
  constructor(
    readonly isTTY = false,
    readonly columns = 80
  ) {}
  write(text: string): boolean {
    this.text += text;
    return true;
  }
}

/** `make` (TerminalLog or a subclass) over two captured streams, quiet and colourless by default. */
export function capturedTerminal<T extends TerminalLog>(
  make: new (options: TerminalOptions) => T,
  overrides: Partial<TerminalOptions> = {}
): { out: T; log: Captured; problems: Captured } {
  const log = new Captured(overrides.live ?? false);
  const problems = new Captured();
  const options: TerminalOptions = {
    log,
    problems,
    logColour: false,
    problemsColour: false,
    live: false,
    verbose: false,
    ...overrides
  };
  return { out: new make(options), log, problems };
}
