// A cancelled workflow sends SIGINT (then SIGTERM): abort what is in flight and report.

export interface CancellationWatch {
  readonly signal: AbortSignal;
  dispose(): void;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export function watchForCancellation(onCancel: (signal: string) => void): CancellationWatch {
  const controller = new AbortController();
  const handlers = SIGNALS.map(name => {
    const handler = (): void => {
      if (controller.signal.aborted) return;
      onCancel(name);
      controller.abort(new Error(`received ${name}`));
    };
    process.on(name, handler);
    return () => process.off(name, handler);
  });
  return {
    signal: controller.signal,
    dispose: () => handlers.forEach(remove => remove())
  };
}
