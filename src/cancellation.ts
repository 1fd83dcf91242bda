// A cancelled workflow sends SIGINT (then SIGTERM): abort what is in flight and report.

export interface CancellationWatch {
  readonly signal: AbortSignal;
  dispose(): void;
}

export function watchForCancellation(onCancel: (signal: string) => void): CancellationWatch {
  const controller = new AbortController();
  const handler = (name: NodeJS.Signals): void => {
    if (controller.signal.aborted) return;
    onCancel(name);
    controller.abort(new Error(`received ${name}`));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    }
  };
}
