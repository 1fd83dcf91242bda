// The emulator in a process of its own, for the memory benches: the measured action must not
// share a heap with the server that receives (and hashes) its 300 MB upload or keeps a 20,000
// event job log. Started by RemoteEmulator (remote-emulator.ts) with fork(); speaks over IPC.
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator/server.js';
import { prepareTheme, sourceBefore } from './theme-context.js';

export type EmulatorCommand =
  | { id: number; type: 'start'; options: EmulatorOptions }
  /** The site holds the bench theme as before the push (its files are made here, not sent). */
  | { id: number; type: 'seedBenchTheme' }
  | { id: number; type: 'requests' }
  | { id: number; type: 'close' };

/** A recorded request without its headers (they carry the credentials). */
export interface RequestSummary {
  method: string;
  route: string;
  status: number;
  bytesIn: number;
  at: number;
}

let emulator: Emulator | undefined;

async function handle(command: EmulatorCommand): Promise<unknown> {
  switch (command.type) {
    case 'start': {
      emulator = await startEmulator(command.options);
      const { url, options } = emulator;
      return { url, apiKey: options.apiKey, apiSecret: options.apiSecret, siteId: options.siteId };
    }
    case 'seedBenchTheme': {
      if (!emulator) throw new Error('seedBenchTheme before start');
      const theme = prepareTheme();
      if (emulator.options.siteVersion === 'v2') emulator.seedSource(sourceBefore(theme));
      else emulator.seedThemeAssets(theme.before);
      return theme.before.length;
    }
    case 'requests':
      return (emulator?.requests ?? []).map(
        ({ method, route, status, bytesIn, at }): RequestSummary => ({
          method,
          route,
          status,
          bytesIn,
          at
        })
      );
    case 'close':
      await emulator?.close();
      setImmediate(() => process.disconnect());
      return null;
  }
}

process.on('message', (command: EmulatorCommand) => {
  handle(command).then(
    result => process.send?.({ id: command.id, result }),
    (error: unknown) => process.send?.({ id: command.id, error: String(error) })
  );
});
