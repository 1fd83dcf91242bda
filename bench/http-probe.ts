// What an HTTP client costs once it is used, not only loaded: `count` small requests one after
// the other (a PUT of a few bytes, as a sync of small files sends), through undici (as the action
// does) or through Node's own `http` module, in a process that loads nothing else. Prints one
// JSON line (HttpProbeResult). Run it with `node --liftoff-only` as well: V8 then never compiles
// WebAssembly with its optimizing tier, and the difference is what compiling undici's HTTP
// parser (llhttp, shipped as WebAssembly) costs. With `"baselineWasm": true` the probe first
// loads src/wasm-tiering.ts, as the action's entry points do, which should match --liftoff-only.
//
// Usage: node [--liftoff-only] .build/bench/http-probe.js '{"url":…,"client":"undici"|"node-http",
// "count":20, "baselineWasm": false}'
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface HttpProbeOptions {
  /** Any URL of a server that answers a PUT (the emulator answers 404: fine). */
  url: string;
  client: 'undici' | 'node-http';
  count: number;
  /** Load src/wasm-tiering.ts first, as the action does. */
  baselineWasm?: boolean;
}

export interface HttpProbeResult {
  client: HttpProbeOptions['client'];
  count: number;
  /** VmHWM once the client is loaded, before the first request, KiB. */
  loadedKib: number;
  /** VmHWM at the end, KiB. */
  peakKib: number;
}

function hwmKib(): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN);
}

export async function httpProbe(options: HttpProbeOptions): Promise<HttpProbeResult> {
  let loadedKib: number;
  if (options.baselineWasm) await import('../src/wasm-tiering.js');
  if (options.client === 'undici') {
    const { Agent, request } = await import('undici');
    const dispatcher = new Agent();
    loadedKib = hwmKib();
    for (let i = 0; i < options.count; i++) {
      const answer = await request(options.url, { method: 'PUT', body: `file ${i}`, dispatcher });
      await answer.body.dump();
    }
    await dispatcher.close();
  } else {
    // require(), as a bundle loads it: an ESM `import * as http` would also load Node's own
    // undici through the namespace's `WebSocket` getter (see section 7's built-ins).
    const http = createRequire(import.meta.url)('node:http') as typeof import('node:http');
    const agent = new http.Agent({ keepAlive: true });
    loadedKib = hwmKib();
    for (let i = 0; i < options.count; i++) {
      await new Promise<void>((resolve, reject) => {
        const put = http.request(options.url, { method: 'PUT', agent }, answer => {
          answer.resume();
          answer.on('end', resolve);
        });
        put.on('error', reject);
        put.end(`file ${i}`);
      });
    }
    agent.destroy();
  }
  // Background compilation finishes on its own threads: give it time to show in the peak.
  await new Promise(resolve => setTimeout(resolve, 300));
  return { client: options.client, count: options.count, loadedKib, peakKib: hwmKib() };
}

if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) {
  const options = JSON.parse(process.argv[2] ?? '{}') as HttpProbeOptions;
  httpProbe(options).then(
    result => process.stdout.write(`${JSON.stringify(result)}\n`),
    error => {
      console.error(error);
      process.exitCode = 1;
    }
  );
}
