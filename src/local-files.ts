// The local files a run uploads, every check on them done before any request: the `files`
// patterns and ignore rules, and, where the site's source is a Jekyll site (v2), Jekyll's rules
// and `_config.yml`'s `exclude:` list. A
// pattern that matches nothing, an invalid `_config.yml` (pinned on its line) and two names
// one file apart only in case each stop the run with one error.
import { InputError, type Settings } from './inputs.js';
import { PlacedError, type Log } from './log.js';
import { selectThemeFiles, type LocalThemeFile, type ThemeSelection } from './theme/files.js';
import type { ThemeRules } from './theme/ignore-rules.js';
import {
  JekyllConfigError,
  createJekyllRules,
  findCaseCollisions,
  readJekyllConfig
} from './theme/jekyll.js';

/**
 * The local theme files (undefined when not uploading); with `jekyll`, by v2's rules too.
 * Every check here is local: a bad pattern or `_config.yml` fails before any request.
 */
export async function selectFiles(
  settings: Settings,
  jekyll: boolean,
  log: Log
): Promise<ThemeSelection | undefined> {
  if (!settings.uploadTheme) return undefined;
  const selection = await selectThemeFiles({
    themeDir: settings.themeDir,
    themeDirLabel: settings.themeDirFromRepo || '.',
    patterns: settings.filePatterns,
    log,
    ...(jekyll ? { extraRules: await readJekyllRules(settings) } : {})
  });
  if (selection.files.length === 0) throw noFilesMatched(settings, jekyll);
  return selection;
}

export function noFilesMatched(settings: Settings, jekyll: boolean): InputError {
  return new InputError(
    `Input 'files' matched no file in theme-dir '${settings.themeDirFromRepo || '.'}' ` +
      `(patterns: ${settings.filePatterns.join(', ')}; dotfiles, config.ru, node_modules/ ` +
      `and .siteleafignore entries are always left out${
        jekyll ? ", and on v2 what Jekyll leaves out and _config.yml's exclude: lists" : ''
      }). Set upload-theme: false to publish only.`
  );
}

/** v2's rules: Jekyll's exclusions and `_config.yml`'s `exclude:`; a bad file is pinned on its line. */
export async function readJekyllRules(settings: Settings): Promise<ThemeRules> {
  try {
    return createJekyllRules((await readJekyllConfig(settings.themeDir)).exclude);
  } catch (error) {
    if (!(error instanceof JekyllConfigError)) throw error;
    const file = [settings.themeDirFromRepo, error.file].filter(Boolean).join('/');
    throw new PlacedError(
      `${file}, line ${error.line}: ${error.reason}. Siteleaf reads this file to build the ` +
        'site, and this action reads its exclude: list; fix it and push again.',
      { file, line: error.line, title: 'Invalid _config.yml' },
      { cause: error }
    );
  }
}

/** Two names one file apart only in case would be one file on the site: say both, upload none. */
export function refuseCaseCollisions(files: readonly LocalThemeFile[]): void {
  const groups = findCaseCollisions(files.map(file => file.filename));
  if (groups.length === 0) return;
  const named = groups.map(group => group.join(' and ')).join('; ');
  throw new InputError(
    `Files whose names differ only in case would be one file on Siteleaf, which ignores case: ` +
      `${named}. Rename or remove all but one of each; nothing was uploaded.`
  );
}
