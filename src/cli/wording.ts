// The command's words. The flow the command runs is the action's, and so are its messages:
// they name inputs (`Input 'timeout'`, "the site-id input", `api-version: v2`) and give a
// workflow's advice ("re-run the workflow", "on self-hosted runners"). Rather than teach every
// module two vocabularies, the command rewords each problem it prints, in one place: the
// CommandTerminal below, the only Log the command writes errors, warnings, notices and its
// failure line through. The action's own messages stay as they are.
import type { AnnotationPlace } from '../log.js';
import { redact } from '../secrets.js';
import { ENVIRONMENT_INPUTS } from './options.js';
import { TerminalLog } from './terminal.js';

/** Where the site id may have come from, as the command looks for it (see site-id.ts). */
const SITE_ID_SOURCES = "--site-id, SITELEAF_SITE_ID, or the theme's .siteleaf.yml or config.ru";

/**
 * Phrases of the action's messages and what the command says instead. Each replacement reads
 * as a command line's advice and matches no pattern here, so rewording twice changes nothing.
 */
const REWORDINGS: ReadonlyArray<readonly [RegExp, string]> = [
  // Input errors (inputs.ts, local-files.ts).
  [/ Did the workflow run actions\/checkout first\?/g, ''],
  [/must be a folder in the repository/g, 'must be a folder'],
  [/Set upload-theme: false to publish only\./g, 'Give --no-upload-theme to publish only.'],
  [/use the api-key and api-secret inputs/g, 'use SITELEAF_API_KEY and SITELEAF_API_SECRET'],
  [/in the files input/g, 'in --files'],
  [/\b(relative to|outside) theme-dir\b/g, '$1 --theme-dir'],
  // Answers of the Siteleaf API (siteleaf/errors.ts, siteleaf/choose-api.ts).
  [
    /Check the api-key and api-secret inputs \(and the secrets they come from\)/g,
    'Check SITELEAF_API_KEY and SITELEAF_API_SECRET'
  ],
  [/Check the site-id input:/g, `Check the site id (${SITE_ID_SOURCES}):`],
  [/\bcheck site-id,/g, 'check the site id,'],
  [/\(or the api-url is wrong\)/g, '(or --api-url is wrong)'],
  [/\bcheck api-url\b/g, 'check --api-url'],
  [/, and on self-hosted runners check the /g, ', and check the '],
  [/, and on self-hosted runners the /g, ', and the '],
  [
    /\(api-version: (v1|v2), or auto to let the action ask\)/g,
    '(--api-version $1, or --api-version auto to let the command ask)'
  ],
  // The verdict's advice (verdict.ts, github-sync.ts, main.ts, local-files.ts).
  [/Re-run the workflow to try again\./g, 'Run it again.'],
  [/Re-run the workflow\b/g, 'Run it again'],
  [/\bre-run the workflow\b/g, 'run it again'],
  [/\band re-run\./g, 'and run it again.'],
  [/raise the timeout input\b/g, 'raise --timeout'],
  [/set overwrite-content: true to push\b/g, 'give --overwrite-content to push'],
  [/\bthis action reads\b/g, 'siteleaf-publish reads'],
  [/fix it and push again\./g, 'fix it and run it again.']
];

/**
 * A message of the action's as the command says it: inputs are options (or environment
 * variables), and workflow advice becomes command-line advice.
 */
export function forCommandLine(message: string): string {
  const named = message.replace(/Input '([a-z-]+)'/g, (_match, name: string) => {
    const variable = ENVIRONMENT_INPUTS[name];
    return variable ?? `Option --${name}`;
  });
  return REWORDINGS.reduce((text, [pattern, words]) => text.replace(pattern, words), named);
}

/** The command's terminal: every problem it prints, and the cancellation report, reworded. */
export class CommandTerminal extends TerminalLog {
  // Secrets out before the words change: a secret reworded in part is no longer recognised.
  override notice(message: string, place?: AnnotationPlace): void {
    super.notice(forCommandLine(redact(message)), place);
  }

  override warning(message: string, place?: AnnotationPlace): void {
    super.warning(forCommandLine(redact(message)), place);
  }

  override error(message: string, place?: AnnotationPlace): void {
    super.error(forCommandLine(redact(message)), place);
  }

  override say(message: string): void {
    super.say(forCommandLine(redact(message)));
  }
}
