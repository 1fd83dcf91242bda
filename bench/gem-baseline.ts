// The baseline: what `siteleaf push theme` followed by `siteleaf publish` (siteleaf/siteleaf-gem,
// branch v1) does, ported to TypeScript with plain undici `request`, and run as its own process
// like the action. From bin/push.rb, bin/publish.rb, lib/siteleaf/{client,job}.rb:
//
//   assets = GET sites/:id/theme/assets
//   Dir.glob('**/*').each do |path|           # dotfiles never match; ignore config.ru, '.*'
//     asset = assets.find { |a| a.filename == path }
//     next unless asset.nil? || asset.checksum != Digest::MD5.hexdigest(File.read(path))
//     asset.delete if asset                   # DELETE assets/:id
//     Asset.create(file: File.new(path), filename: path)   # POST multipart, one at a time
//   end
//   job = POST sites/:id/publish; job.stream { ... }       # read the SSE stream to its end
//
// The port is, if anything, kind to the gem: it reuses one keep-alive connection (HTTParty
// opens one per request), looks assets up in a Map (the gem's `find` is a linear scan per
// file), and leaves out the per-upload `GET sites/:id/theme` some gem versions make to learn
// the theme id.
//
// Usage: node .build/bench/gem-baseline.js '{"apiUrl":...,"apiKey":...,"apiSecret":...,
// "siteId":...,"themeDir":...}' → prints one JSON line (BaselineResult) on stdout.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Agent, FormData, request, type Dispatcher } from 'undici';

export interface BaselineOptions {
  apiUrl: string;
  apiKey: string;
  apiSecret: string;
  siteId: string;
  themeDir: string;
}

export interface BaselineResult {
  uploaded: number;
  deleted: number;
  unchanged: number;
  jobId: string;
  events: number;
  lastStatus: string;
}

interface RemoteAsset {
  id: string;
  filename: string;
  checksum?: string;
}

export async function runGemBaseline(options: BaselineOptions): Promise<BaselineResult> {
  const dispatcher = new Agent({ bodyTimeout: 0 });
  const headers = {
    authorization: `Basic ${Buffer.from(`${options.apiKey}:${options.apiSecret}`).toString('base64')}`,
    'user-agent': 'Siteleaf Gem/2.0.0 (bench port)'
  };
  const site = encodeURIComponent(options.siteId);
  const call = async (
    method: Dispatcher.HttpMethod,
    urlPath: string,
    body?: FormData
  ): Promise<Dispatcher.ResponseData> => {
    const response = await request(`${options.apiUrl}${urlPath}`, {
      method,
      headers,
      body,
      dispatcher
    });
    if (response.statusCode >= 300) {
      const text = await response.body.text();
      throw new Error(`${method} ${urlPath}: HTTP ${response.statusCode} ${text.slice(0, 200)}`);
    }
    return response;
  };

  try {
    const assets = (await (
      await call('GET', `/v1/sites/${site}/theme/assets.json?per_page=9999`)
    ).body.json()) as RemoteAsset[];
    const byFilename = new Map<string, RemoteAsset>();
    for (const asset of assets)
      if (!byFilename.has(asset.filename)) byFilename.set(asset.filename, asset);

    const result: BaselineResult = {
      uploaded: 0,
      deleted: 0,
      unchanged: 0,
      jobId: '',
      events: 0,
      lastStatus: ''
    };
    for (const filename of await globAll(options.themeDir)) {
      const absolute = path.join(options.themeDir, filename);
      const asset = byFilename.get(filename);
      if (asset) {
        const bytes = await readFile(absolute); // File.read: the whole file
        if (asset.checksum === createHash('md5').update(bytes).digest('hex')) {
          result.unchanged++;
          continue;
        }
        await (await call('DELETE', `/v1/assets/${encodeURIComponent(asset.id)}.json`)).body.dump();
        result.deleted++;
      }
      const form = new FormData();
      form.append('file', new Blob([await readFile(absolute)]), path.posix.basename(filename));
      form.append('filename', filename);
      await (await call('POST', `/v1/sites/${site}/theme/assets.json`, form)).body.dump();
      result.uploaded++;
    }

    const { job_id: jobId } = (await (
      await call('POST', `/v1/sites/${site}/publish.json`)
    ).body.json()) as { job_id: string };
    result.jobId = jobId;
    // job.stream: one GET, every chunk scanned for a JSON object, until the server closes.
    const stream = await call('GET', `/v1/jobs/${encodeURIComponent(jobId)}`);
    Object.assign(result, await readGemJobStream(stream.body));
    return result;
  } finally {
    await dispatcher.close();
  }
}

/**
 * `Dir.glob('**\/*')` minus directories and the gem's ignores (`config.ru`, `.*`): Ruby's glob
 * never descends into dot-folders or matches dotfiles, and sorts its results (Ruby >= 3.0).
 */
async function globAll(root: string, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  const entries = await readdir(path.join(root, prefix), { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const filename = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...(await globAll(root, filename)));
    else if (entry.name !== 'config.ru') found.push(filename);
  }
  return found.sort();
}

/**
 * How both gems read a job stream (v1's `job.stream`, v2's the same): every chunk scanned line by
 * line for a JSON object, until the server closes; how many there were, and the last `status`.
 */
export async function readGemJobStream(
  body: AsyncIterable<unknown>
): Promise<{ events: number; lastStatus: string }> {
  let events = 0;
  let lastStatus = '';
  let pending = '';
  for await (const chunk of body) {
    pending += String(chunk);
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const json = /{.*}/.exec(line)?.[0];
      if (!json) continue;
      events++;
      lastStatus = (JSON.parse(json) as { status?: string }).status ?? '';
    }
  }
  return { events, lastStatus };
}

if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) {
  const options = JSON.parse(process.argv[2] ?? '{}') as BaselineOptions;
  runGemBaseline(options).then(
    result => process.stdout.write(`${JSON.stringify(result)}\n`),
    error => {
      console.error(error);
      process.exitCode = 1;
    }
  );
}
