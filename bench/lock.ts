// One bench at a time: two runs on a 2-core machine would spoil each other's timings, and they
// share bench/.work. A second `npm run bench` waits for the first (the lock names its pid).
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { progress } from './harness.js';

function holder(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0) return undefined;
    process.kill(pid, 0); // throws when no such process
    return pid;
  } catch {
    return undefined;
  }
}

export async function acquireBenchLock(path: string, maxWaitMs = 20 * 60_000): Promise<() => void> {
  const release = () => rmSync(path, { force: true });
  const started = Date.now();
  let told = false;
  for (;;) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      process.on('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const pid = holder(path);
    if (pid === undefined) {
      rmSync(path, { force: true }); // left by a run that died
      continue;
    }
    if (Date.now() - started > maxWaitMs) {
      throw new Error(
        `Another bench (pid ${pid}) has held ${path} for over ${maxWaitMs / 60_000} min`
      );
    }
    if (!told) progress(`waiting for the bench already running (pid ${pid}) to finish`);
    told = true;
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}
