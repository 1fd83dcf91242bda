// The run's secrets, and the one function that takes them out of any text. Every sink (the
// log, annotations, the summary, outputs, errors, the terminal) passes its final text through
// `redact` last, after any escaping or quoting, so nothing a server echoes back or a library
// puts in an error can carry a secret out, even where the runner's own masking would not see
// it (local runs, the command line, tests).

const secrets = new Set<string>();
let ordered: string[] = [];
let sink: (value: string) => void = () => {};

/** Registers a value to redact (and tells the sink, such as the runner's `::add-mask::`). */
export function registerSecret(value: string): void {
  if (!value || secrets.has(value)) return;
  secrets.add(value);
  // Longest first, so a secret that contains another is replaced whole.
  ordered = [...secrets].sort((a, b) => b.length - a.length);
  sink(value);
}

/** Where each secret registered from now on is also sent (the runner's `::add-mask::`). */
export function setSecretSink(send: (value: string) => void): void {
  sink = send;
}

export function redact(text: string): string {
  let out = text;
  for (const secret of ordered) {
    if (out.includes(secret)) out = out.split(secret).join('***');
  }
  return out;
}

/** For tests that run the action more than once in one process. */
export function forgetSecrets(): void {
  secrets.clear();
  ordered = [];
}
