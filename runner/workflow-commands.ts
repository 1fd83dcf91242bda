// The runner's side of the action's protocol: workflow commands on stdout (`::error file=…::`),
// the GITHUB_OUTPUT file, and a log line as the Actions UI shows it. Read back by the tests,
// the demo and the benchmarks from what the action wrote, as GitHub would read it.

/** A workflow command (`::name key=value,...::message`), its data unescaped. */
export interface WorkflowCommand {
  readonly name: string;
  readonly properties: Record<string, string>;
  readonly message: string;
}

/**
 * The workflow command on a stdout line, or undefined for a plain log line. The runner first
 * trims the line's start with .NET's `TrimStart()`: the Unicode blanks, U+0085 (NEL) among
 * them, which JavaScript's `\s` lacks (and not U+FEFF, which `\s` has: never a concern here,
 * since a line that starts with it is led by more than blanks either way).
 */
export function parseWorkflowCommand(line: string): WorkflowCommand | undefined {
  const trimmed = line.replace(/^[\s\u0085]+/, '');
  const command = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(trimmed);
  if (!command) return undefined;
  const [, name = '', props = '', message = ''] = command;
  const properties = Object.fromEntries(
    props
      .split(',')
      .filter(Boolean)
      .map(p => {
        const [k, ...v] = p.split('=');
        return [k as string, unescapeData(v.join('='))];
      })
  );
  return { name, properties, message: unescapeData(message) };
}

/** One stdout line as the Actions log shows it; undefined for lines the UI hides. */
export function renderLogLine(line: string): string | undefined {
  const command = parseWorkflowCommand(line);
  if (!command) return line;
  const { name, properties: place, message: text } = command;
  switch (name) {
    case 'group':
      return `▼ ${text}`;
    case 'endgroup':
      return '';
    case 'error':
    case 'warning':
    case 'notice': {
      const where = place.file ? ` ${place.file}${place.line ? `#L${place.line}` : ''}` : '';
      const label = name === 'error' ? 'Error' : name === 'warning' ? 'Warning' : 'Notice';
      return `${label}${where}: ${text}`;
    }
    default:
      return undefined; // add-mask, debug, set-output: not shown in the UI
  }
}

/** Undoes @actions/core's escaping of workflow command data and properties. */
export function unescapeData(text: string): string {
  return text
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%');
}

export function parseOutputsFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const match of text.matchAll(/^(.+?)<<(.+)\n([\s\S]*?)\n\2$/gm)) {
    outputs[match[1] as string] = match[3] as string;
  }
  return outputs;
}
