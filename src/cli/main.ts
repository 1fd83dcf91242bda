// `siteleaf-publish`: the action's flow (publishSite, the very code the action runs) behind a
// command line. Options and the environment become the action's Settings, a terminal Log
// takes the place of workflow commands (and says every problem in the command's words, not
// the action's: wording.ts), and the run report becomes an exit code, a result line and, with
// --json, the action's outputs as one JSON object on stdout.
//
// Exit codes: 0 complete, queued, skipped or dry run; 1 failed; 2 bad input or usage;
// 130 after SIGINT (Ctrl-C), 143 after SIGTERM (128 + the signal's number, as shells report).
import { watchForCancellation } from '../cancellation.js';
import { InputError } from '../inputs.js';
import { DEFAULT_TUNING, publishSite } from '../main.js';
import { outputsOf } from '../report/outputs.js';
import { createRunReport, type RunReport } from '../report/run-report.js';
import { redact } from '../secrets.js';
import { ACTION_VERSION } from '../version.js';
import { renderHelp } from './help.js';
import { parseCommandLine, UsageError, type CommandLine } from './options.js';
import { ProgressLog } from './progress.js';
import { readCommandSettings, registerEnvironmentSecrets } from './settings.js';
import { colourWanted, type Output } from './terminal.js';
import { CommandTerminal, forCommandLine } from './wording.js';
import { messageOf } from '../format.js';

export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  interrupted: 130,
  terminated: 143
} as const;

export interface CommandIo {
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly stdout: Output;
  readonly stderr: Output;
}

function processIo(): CommandIo {
  return {
    args: process.argv.slice(2),
    env: process.env,
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr
  };
}

/** Runs the command; resolves to its exit code (it never throws for a failed run). */
export async function runCli(io: CommandIo = processIo()): Promise<number> {
  // Before anything can print: a key pasted where it does not belong is still taken out.
  registerEnvironmentSecrets(io.env);
  let commandLine: CommandLine;
  try {
    commandLine = parseCommandLine(io.args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    // --json may be among what could not be parsed: a script reading stdout still gets its object.
    return usage(io, error.message, io.args.includes('--json'));
  }
  if (commandLine.action === 'help') {
    io.stdout.write(renderHelp(ACTION_VERSION));
    return EXIT.ok;
  }
  if (commandLine.action === 'version') {
    io.stdout.write(`siteleaf-publish ${ACTION_VERSION}\n`);
    return EXIT.ok;
  }

  // With --json, stdout holds the JSON object alone: every line goes to stderr.
  const logStream = commandLine.json ? io.stderr : io.stdout;
  const terminal = new CommandTerminal({
    log: logStream,
    problems: io.stderr,
    logColour: colourWanted(logStream, io.env),
    problemsColour: colourWanted(io.stderr, io.env),
    live: logStream.isTTY === true,
    verbose: commandLine.verbose
  });
  const report = createRunReport();
  const printJson = () => {
    if (commandLine.json) io.stdout.write(`${redact(JSON.stringify(outputsOf(report)))}\n`);
  };

  let command;
  try {
    command = readCommandSettings(commandLine, io.env, io.cwd);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    terminal.error(error.message);
    printJson();
    return EXIT.usage;
  }
  const { settings, siteIdFrom } = command;
  if (siteIdFrom !== '--site-id') terminal.info(`Site id ${settings.siteId} from ${siteIdFrom}.`);

  const log = new ProgressLog(terminal, report, settings.uploadTheme);
  let received: string | undefined;
  const cancellation = watchForCancellation(name => {
    received = name;
    report.cancelled = true;
    terminal.info(`Received ${name}: stopping what is in flight (Ctrl-C again quits at once).`);
  });
  // A second Ctrl-C means now: the first one's orderly stop may be waiting on the network.
  let interrupts = 0;
  const quitNow = () => {
    if (++interrupts < 2) return;
    log.end();
    terminal.say('Stopped at once: the report of what was done is lost.');
    process.exit(EXIT.interrupted);
  };
  process.on('SIGINT', quitNow);
  try {
    await publishSite(
      { settings, log, tuning: DEFAULT_TUNING, signal: cancellation.signal },
      report
    );
  } finally {
    cancellation.dispose();
    process.off('SIGINT', quitNow);
    log.end();
  }

  const exitCode = exitCodeOf(report, received);
  const failure = report.verdict?.failure;
  if (report.cancelled && failure) {
    // What was uploaded, and whether a publish was started: the action's cancellation report.
    terminal.say(failure);
  } else if (failure) {
    // On the file and line it is about (a bad _config.yml line), as the action's last annotation.
    terminal.error(failure, report.verdict?.failurePlace);
    if (report.error instanceof Error && !(report.error instanceof InputError)) {
      if (report.error.stack) terminal.debug(report.error.stack);
    }
  } else {
    terminal.result(resultLine(report), 'green');
  }
  printJson();
  return exitCode;
}

function usage(io: CommandIo, message: string, json: boolean): number {
  const colour = colourWanted(io.stderr, io.env);
  const terminal = new CommandTerminal({
    log: io.stderr,
    problems: io.stderr,
    logColour: colour,
    problemsColour: colour,
    live: false,
    verbose: false
  });
  terminal.error(message);
  if (json) io.stdout.write(`${redact(JSON.stringify(outputsOf(createRunReport())))}\n`);
  return EXIT.usage;
}

export function exitCodeOf(report: RunReport, signal?: string): number {
  if (report.cancelled) return signal === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
  if (report.verdict?.status !== 'failed' && report.verdict !== undefined) return EXIT.ok;
  return report.error instanceof InputError ? EXIT.usage : EXIT.failed;
}

/** `Done: complete. 3 uploaded, 12 unchanged, 0 deleted; job …; https://…`. */
export function resultLine(report: RunReport): string {
  const outputs = outputsOf(report);
  const dryRun = outputs.status === 'dry-run';
  const counts = [
    `${outputs.uploaded} ${dryRun ? 'to upload' : 'uploaded'}`,
    `${outputs.unchanged} unchanged`,
    `${outputs.deleted} ${dryRun ? 'to delete' : 'deleted'}`,
    ...(outputs.kept && outputs.kept !== '0' ? [`${outputs.kept} content kept`] : [])
  ];
  const extra = [
    ...(outputs['job-id'] ? [`job ${outputs['job-id']}`] : []),
    ...(outputs['site-url'] ? [outputs['site-url']] : [])
  ];
  return `Done: ${outputs.status}. ${counts.join(', ')}${extra.length ? `; ${extra.join('; ')}` : ''}.`;
}

/** The process's command: runs it and sets the exit code; a crash is one line, secrets out. */
export async function main(): Promise<void> {
  // A reader that went away (`siteleaf-publish | head`) must not crash a half-done upload:
  // the run goes on to its end, and its exit code still says how it went.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  try {
    process.exitCode = await runCli();
  } catch (error) {
    const message = messageOf(error);
    process.stderr.write(`error: ${forCommandLine(redact(message))}\n`);
    process.exitCode = EXIT.failed;
  }
}
