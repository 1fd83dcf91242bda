// The v2 baseline: what `siteleaf push` followed by `siteleaf publish` does in the official v2 gem
// (siteleaf 2.2.1, ../shared/reference/siteleaf-gem-v2/: bin_siteleaf's push and publish,
// lib_siteleaf_client.rb, site.rb, source_file.rb, git_hash.rb, job.rb), ported to TypeScript
// with plain undici `request` and run as its own process like the action:
//
//   site = Site.find(site_id)                        # GET sites/:id            (?per_page=9999)
//   site_files = site.source_files('.', recursive: true)
//                                    # GET sites/:id/source/.?recursive=true&per_page=9999
//   local_files = read_dir           # Dir.glob('**/*') minus Jekyll's and the gem's exclusions
//   changed = local_files.reject { |path|
//     file = site_files.find { |a| a.name.casecmp(path) == 0 }
//     file && GitHash.file(path) == file.sha }       # SHA-1 of "blob <size>\0" + File.read
//   changed.unshift('_config.yml') if changed.delete('_config.yml')
//   changed.each { |path| SourceFile.create(site_id:, name: path, file: File.new(path)) }
//                                    # PUT sites/:id/source/<escaped path>, multipart, one at a time
//   (remote files with no local one: a y/n prompt; this port answers "n")
//   job = site.publish               # POST sites/:id/publish  {}
//   job.stream { ... }               # GET jobs/:id, read to its end
//
// Every GET carries `per_page=9999` (Client.get adds it). Node's WHATWG URL turns the gem's
// `source/.` into `source/`, so that is what is sent (the emulator serves both as the root).
// The port is, if anything, kind to the gem: one keep-alive connection (HTTParty opens one per
// request), the remote names in a Map by lowercase name (the gem's `find` is a linear
// `casecmp` scan per local file), and `publish` in the same process (the gem is a second
// command, a second Ruby start).
//
// Usage: node .build/bench/gem-v2-baseline.js '{"apiUrl":...,"apiKey":...,"apiSecret":...,
// "siteId":...,"siteDir":...}' → prints one JSON line (GemV2Result) on stdout.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Agent, FormData, request, type Dispatcher } from 'undici';
import { parse as parseYaml } from 'yaml';
import { readGemJobStream } from './gem-baseline.js';

export interface GemV2Options {
  apiUrl: string;
  apiKey: string;
  apiSecret: string;
  siteId: string;
  /** The Jekyll site's root (where `_config.yml` is): the gem runs there. */
  siteDir: string;
}

export interface GemV2Result {
  uploaded: number;
  unchanged: number;
  /** Remote files with no local file: the gem asks before deleting them. */
  unmatchedRemote: number;
  /** Uploads whose answer named the file differently (the gem warns). */
  renamed: number;
  /** The order of the uploads, to check `_config.yml` went first. */
  firstUpload: string;
  jobId: string;
  events: number;
  lastStatus: string;
}

interface SourceEntry {
  name: string;
  sha?: string | null;
  type?: string;
}

/** `bin/siteleaf` read_dir: always ignored, before Jekyll's `exclude`. */
const GEM_IGNORES = ['config.ru', '.*', '_site/*', 'Gemfile', 'Gemfile.lock'];
/** Jekyll 4's default `exclude`, which it adds to the site's own list. */
const JEKYLL_DEFAULT_EXCLUDES = [
  '.sass-cache',
  '.jekyll-cache',
  'gemfiles',
  'Gemfile',
  'Gemfile.lock',
  'node_modules',
  'vendor/bundle/',
  'vendor/cache/',
  'vendor/gems/',
  'vendor/ruby/'
];

export async function runGemV2Baseline(options: GemV2Options): Promise<GemV2Result> {
  const dispatcher = new Agent({ bodyTimeout: 0 });
  const headers = {
    authorization: `Basic ${Buffer.from(`${options.apiKey}:${options.apiSecret}`).toString('base64')}`,
    'user-agent': 'Siteleaf Gem/2.2.1 (bench port)'
  };
  const site = encodeURIComponent(options.siteId);
  // Client.execute: a Hash answer with `message` or `error` raises; so does any HTTP failure here.
  const call = async (
    method: Dispatcher.HttpMethod,
    urlPath: string,
    body?: FormData | string
  ): Promise<Dispatcher.ResponseData> => {
    const response = await request(`${options.apiUrl}${urlPath}`, {
      method,
      headers:
        typeof body === 'string' ? { ...headers, 'content-type': 'application/json' } : headers,
      body,
      dispatcher
    });
    if (response.statusCode >= 300) {
      const text = await response.body.text();
      throw new Error(`${method} ${urlPath}: HTTP ${response.statusCode} ${text.slice(0, 200)}`);
    }
    return response;
  };
  const getJson = async <T>(urlPath: string): Promise<T> => {
    const value = (await (await call('GET', urlPath)).body.json()) as T;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const { message, error } = value as { message?: string; error?: string };
      if (message || error) throw new Error(message ?? error);
    }
    return value;
  };

  try {
    // Site.find(site_id): the gem reads the site before anything else.
    await getJson<unknown>(`/v2/sites/${site}?per_page=9999`);
    const siteFiles = await getJson<SourceEntry[]>(
      `/v2/sites/${site}/source/?recursive=true&per_page=9999`
    );
    const byLowerName = new Map<string, SourceEntry>();
    for (const file of siteFiles) {
      const key = file.name.toLowerCase();
      if (!byLowerName.has(key)) byLowerName.set(key, file);
    }

    const localFiles = await readDir(options.siteDir);
    const result: GemV2Result = {
      uploaded: 0,
      unchanged: 0,
      unmatchedRemote: 0,
      renamed: 0,
      firstUpload: '',
      jobId: '',
      events: 0,
      lastStatus: ''
    };
    const changed: string[] = [];
    for (const name of localFiles) {
      const file = byLowerName.get(name.toLowerCase());
      if (file && (await gitHashFile(path.join(options.siteDir, name))) === file.sha) {
        result.unchanged++;
      } else {
        changed.push(name);
      }
    }
    const config = changed.indexOf('_config.yml');
    if (config >= 0) changed.unshift(...changed.splice(config, 1));

    for (const name of changed) {
      // SourceFile.create(site_id:, name:, file: File.new(path)): multipart with the three
      // attributes, in that order; HTTParty names the part after the file's basename.
      const form = new FormData();
      form.append('site_id', options.siteId);
      form.append('name', name);
      form.append(
        'file',
        new Blob([await readFile(path.join(options.siteDir, name))]),
        path.posix.basename(name)
      );
      const answer = (await (
        await call('PUT', `/v2/sites/${site}/source/${rubyUriEscape(name)}`, form)
      ).body.json()) as { name?: string };
      if (!result.firstUpload) result.firstUpload = name;
      result.uploaded++;
      if (answer.name && answer.name !== name) result.renamed++;
    }
    const local = new Set(localFiles.map(name => name.toLowerCase()));
    result.unmatchedRemote = siteFiles.filter(
      file => file.type !== 'directory' && !local.has(file.name.toLowerCase())
    ).length;

    // `siteleaf publish`: Site.new(id:).publish, then job.stream to its end.
    const { job_id: jobId } = (await (
      await call('POST', `/v2/sites/${site}/publish`, '{}')
    ).body.json()) as { job_id: string };
    result.jobId = jobId;
    // job.stream: one GET (HTTParty directly, so no per_page), every chunk scanned for a JSON
    // object, until the server closes.
    const stream = await call('GET', `/v2/jobs/${encodeURIComponent(jobId)}`);
    Object.assign(result, await readGemJobStream(stream.body));
    return result;
  } finally {
    await dispatcher.close();
  }
}

/** GitHash.file: `Digest::SHA1.hexdigest("blob #{f.size}\0#{f.read}")`, the whole file read. */
async function gitHashFile(file: string): Promise<string> {
  const bytes = await readFile(file);
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/**
 * `URI::Parser.new.escape(name)` then `[` → `%5B`, `]` → `%5D` (source_file.rb): every byte
 * outside RFC 2396's unreserved and reserved characters is percent-encoded; `/` stays.
 */
function rubyUriEscape(name: string): string {
  return [...Buffer.from(name, 'utf8')]
    .map(byte => {
      const char = String.fromCharCode(byte);
      return /[-_.!~*'()a-zA-Z\d;/?:@&=+$,]/.test(char)
        ? char
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

/**
 * `read_dir`: `Dir.glob('**\/*')` (sorted, no dotfiles, no dot-folders), minus directories and
 * every path that `Jekyll::EntryFilter#glob_include?` matches against the gem's ignores, the
 * lines of `.siteleafignore` and the site's `exclude` (its `_config.yml` list plus Jekyll's
 * defaults).
 */
async function readDir(root: string): Promise<string[]> {
  const patterns = [...GEM_IGNORES];
  const ignoreFile = path.join(root, '.siteleafignore');
  if (existsSync(ignoreFile)) {
    patterns.push(...readFileSync(ignoreFile, 'utf8').split(/\r?\n/));
  }
  const configFile = path.join(root, '_config.yml');
  const config = existsSync(configFile)
    ? (parseYaml(readFileSync(configFile, 'utf8')) as { exclude?: unknown } | null)
    : null;
  const exclude = Array.isArray(config?.exclude) ? config.exclude.map(String) : [];
  patterns.push(...exclude, ...JEKYLL_DEFAULT_EXCLUDES);
  const matchers = patterns.filter(Boolean).map(globIncludeMatcher);
  return (await globAll(root)).filter(name => !matchers.some(matches => matches(name)));
}

/**
 * Jekyll's `glob_include?` for one String pattern: `File.fnmatch?(pattern, entry)` without
 * FNM_PATHNAME (`*` crosses `/`), or the entry starts with the pattern.
 */
function globIncludeMatcher(pattern: string): (entry: string) => boolean {
  let source = '';
  for (const char of pattern) {
    source += char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
  }
  const regex = new RegExp(`^${source}$`, 's');
  return entry => regex.test(entry) || entry.startsWith(pattern);
}

/** `Dir.glob('**\/*')` minus directories: no dotfiles, no dot-folders, sorted (Ruby >= 3.0). */
async function globAll(root: string, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  const entries = await readdir(path.join(root, prefix), { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const name = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...(await globAll(root, name)));
    else found.push(name);
  }
  return found.sort();
}

if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) {
  const options = JSON.parse(process.argv[2] ?? '{}') as GemV2Options;
  runGemV2Baseline(options).then(
    result => process.stdout.write(`${JSON.stringify(result)}\n`),
    error => {
      console.error(error);
      process.exitCode = 1;
    }
  );
}
