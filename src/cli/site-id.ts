// Which site to publish, found where the official gems keep it, first found wins:
// --site-id, then SITELEAF_SITE_ID, then `site_id` in theme-dir/.siteleaf.yml (what the v2
// gem's `siteleaf config` writes), then `:site_id => '…'` in theme-dir/config.ru (the v1 gem's
// Rack file). When none has it, every place looked is named, with what was found there.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { messageOf } from '../format.js';

/** Every place, in the order they are tried (for --help and the error). */
export const SITE_ID_PLACES = [
  '--site-id',
  'SITELEAF_SITE_ID',
  'site_id in <theme-dir>/.siteleaf.yml',
  ":site_id => '…' in <theme-dir>/config.ru"
] as const;

export interface SiteIdSearch {
  /** The --site-id option, when given. */
  readonly option?: string;
  /** SITELEAF_SITE_ID, when set. */
  readonly variable?: string;
  /** Absolute path of the theme folder. */
  readonly themeDir: string;
  /** The theme folder as the user sees it ('.', 'theme', '../site'). */
  readonly themeDirLabel: string;
}

export type SiteIdResult =
  | {
      readonly siteId: string;
      /** Where it was found, as `looked` names places. */ readonly from: string;
    }
  | {
      readonly siteId?: undefined;
      /** One line per place: where, and what was there. */ readonly looked: string[];
    };

export function findSiteId(search: SiteIdSearch): SiteIdResult {
  const looked: string[] = [];
  const option = search.option?.trim();
  if (option) return { siteId: option, from: '--site-id' };
  looked.push('--site-id: not given');

  const variable = search.variable?.trim();
  if (variable) return { siteId: variable, from: 'SITELEAF_SITE_ID' };
  looked.push('SITELEAF_SITE_ID: not set');

  for (const file of [siteleafYml, configRu]) {
    const label = search.themeDirLabel === '.' ? file.name : `${search.themeDirLabel}/${file.name}`;
    let text: string;
    try {
      text = readFileSync(join(search.themeDir, file.name), 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      looked.push(`${label}: ${code === 'ENOENT' ? 'no such file' : `not readable (${code})`}`);
      continue;
    }
    const found = file.read(text);
    if ('siteId' in found) return { siteId: found.siteId, from: label };
    looked.push(`${label}: ${found.problem}`);
  }
  return { looked };
}

type FileReading = { siteId: string } | { problem: string };

const siteleafYml = {
  name: '.siteleaf.yml',
  read(text: string): FileReading {
    let settings: unknown;
    try {
      settings = parse(text);
    } catch (error) {
      const first = messageOf(error).split('\n')[0];
      return { problem: `not valid YAML (${first})` };
    }
    if (settings && typeof settings === 'object' && !Array.isArray(settings)) {
      // The gem writes string keys (`site_id:`); older settings files have symbols (`:site_id:`).
      const record = settings as Record<string, unknown>;
      const value = record.site_id ?? record[':site_id'];
      if (typeof value === 'string' || typeof value === 'number') {
        const siteId = String(value).trim();
        if (siteId) return { siteId };
      }
    }
    return { problem: 'no site_id in it' };
  }
};

/** `:site_id => 'abc'`, `:site_id=>"abc"` or `site_id: 'abc'`, on a line not commented out. */
const CONFIG_RU_SITE_ID = /(?::site_id\s*=>|\bsite_id:)\s*(['"])([^'"\r\n]+)\1/;

const configRu = {
  name: 'config.ru',
  read(text: string): FileReading {
    for (const line of text.split(/\r?\n/)) {
      if (line.trimStart().startsWith('#')) continue;
      const siteId = CONFIG_RU_SITE_ID.exec(line)?.[2]?.trim();
      if (siteId) return { siteId };
    }
    return { problem: "no :site_id => '…' in it" };
  }
};
