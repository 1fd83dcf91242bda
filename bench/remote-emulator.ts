// The parent's handle on an emulator running in its own process (emulator-process.ts).
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { EmulatorOptions } from '../emulator/server.js';
import type { EmulatorCommand, RequestSummary } from './emulator-process.js';

type Reply = { id: number; result?: unknown; error?: string };
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

export class RemoteEmulator {
  url = '';
  apiKey = '';
  apiSecret = '';
  siteId = '';
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: Reply) => void>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (reply: Reply) => {
      this.waiting.get(reply.id)?.(reply);
      this.waiting.delete(reply.id);
    });
  }

  static async start(options: EmulatorOptions): Promise<RemoteEmulator> {
    const child = fork(join(import.meta.dirname, 'emulator-process.js'), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc']
    });
    const remote = new RemoteEmulator(child);
    const info = (await remote.call({ type: 'start', options })) as Pick<
      RemoteEmulator,
      'url' | 'apiKey' | 'apiSecret' | 'siteId'
    >;
    Object.assign(remote, info);
    return remote;
  }

  /** The site holds the 1,500-file bench theme as before the push (v1 assets or v2 source). */
  async seedBenchTheme(): Promise<void> {
    await this.call({ type: 'seedBenchTheme' });
  }

  requests(): Promise<RequestSummary[]> {
    return this.call({ type: 'requests' }) as Promise<RequestSummary[]>;
  }

  async close(): Promise<void> {
    const exited = new Promise(resolve => this.child.once('exit', resolve));
    await this.call({ type: 'close' }).catch(() => undefined);
    await exited;
  }

  private call(command: DistributiveOmit<EmulatorCommand, 'id'>): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, reply =>
        reply.error ? reject(new Error(reply.error)) : resolve(reply.result)
      );
      this.child.send({ ...command, id });
    });
  }
}
