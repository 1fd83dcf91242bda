// The emulator as tests use it.
//
// useEmulator: one emulator for a file (or a describe block), started before its first test,
// reset before each one and closed after the last. The reset clears requests, faults, files
// and jobs, and puts `options` back to what the emulator started with, so a test may set
// `emu.options.x` for itself and the next test never sees it: no test restores anything by
// hand, and no test depends on the order they run in.
//
// emulatorPerTest: a fresh emulator for each test, for the emulator's own tests of how it
// starts with one set of options or another; and the requests they make to it.
import { get, type IncomingHttpHeaders } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach } from '@jest/globals';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator/server.js';
import { basicCredentials } from './workspace.js';

/**
 * The emulator of the tests around this call. It is started in a `beforeAll`, so what this
 * returns stands in for it until then: use it inside tests, hooks and the functions they call,
 * never at the top level of the file.
 */
export function useEmulator(options: EmulatorOptions = {}): Emulator {
  let started: Emulator | undefined;
  beforeAll(async () => {
    started = await startEmulator(options);
  });
  beforeEach(() => started?.reset());
  afterAll(async () => {
    await started?.close();
    started = undefined;
  });
  const current = (key: PropertyKey): Emulator => {
    if (started) return started;
    throw new Error(
      `emu.${String(key)} was read outside a test: the emulator starts in beforeAll.`
    );
  };
  return new Proxy({} as Emulator, {
    get(_, key) {
      const emulator = current(key);
      const value: unknown = Reflect.get(emulator, key);
      return typeof value === 'function' ? value.bind(emulator) : value;
    },
    set(_, key, value) {
      return Reflect.set(current(key), key, value);
    }
  });
}

/**
 * Starts an emulator with `defaults` under the options given; every one started in a test is
 * closed after it.
 */
export function emulatorPerTest(
  defaults: EmulatorOptions = {}
): (options?: EmulatorOptions) => Promise<Emulator> {
  const running: Emulator[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map(emulator => emulator.close()));
  });
  return async (options = {}) => {
    const emulator = await startEmulator({ ...defaults, ...options });
    running.push(emulator);
    return emulator;
  };
}

/** Resolves once `condition` holds, polling it (the emulator's records, mostly). */
export async function until(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise(resolve => setTimeout(resolve, 5));
  }
}

// --- talking to it over HTTP, as a client would ----------------------------------------

/** The Authorization header of the emulator's credentials (or of another secret). */
export function authHeader(emu: Emulator, secret = emu.options.apiSecret): string {
  return `Basic ${basicCredentials(emu.options.apiKey, secret)}`;
}

/** A request with the emulator's credentials. */
export function api(
  emu: Emulator,
  method: string,
  path: string,
  body?: FormData | string
): Promise<Response> {
  return fetch(emu.url + path, { method, body, headers: { authorization: authHeader(emu) } });
}

export interface StreamResult {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as it arrived, chunk by chunk. */
  chunks: string[];
  text: string;
  /** end: the server ended the response; aborted: the connection broke; timeout: we gave up. */
  outcome: 'end' | 'aborted' | 'timeout';
}

/** Read a job stream with node:http, keeping the chunks as they arrived. */
export function readStream(emu: Emulator, path: string, timeoutMs = 3000): Promise<StreamResult> {
  return new Promise((resolve, reject) => {
    const chunks: string[] = [];
    const req = get(emu.url + path, { headers: { authorization: authHeader(emu) }, agent: false });
    req.on('response', res => {
      res.setEncoding('utf8');
      const timer = setTimeout(() => finish('timeout'), timeoutMs);
      const finish = (outcome: StreamResult['outcome']) => {
        clearTimeout(timer);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          chunks,
          text: chunks.join(''),
          outcome
        });
        req.destroy();
      };
      res.on('data', (chunk: string) => chunks.push(chunk));
      res.on('error', () => undefined);
      res.on('close', () => finish(res.complete ? 'end' : 'aborted'));
    });
    req.on('error', reject);
  });
}
