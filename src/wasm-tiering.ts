// Keeps WebAssembly on V8's baseline tier, which takes about a fifth off a small run's memory.
//
// undici parses HTTP answers with llhttp compiled to WebAssembly. After a few kilobytes of
// answers V8 finds its parser "hot" and compiles it again with its optimising compiler, on
// background threads whose working memory stays resident: +21 MiB on a run that uploads five
// small files (99 MiB at its peak instead of 78; bench/findings.md, F9). What the optimised
// parser saves is microseconds per answer, against round trips of tens of milliseconds.
//
// V8 tiers a function up when its budget, set from this flag as each module is instantiated,
// runs out: a budget no run of ours spends keeps the parser where it started. The flag must be
// set before the first request (undici instantiates llhttp on its first connection), so each
// entry point imports this module right after its Node guard. Unlike `--liftoff-only`, which V8
// reads only as it starts, this one takes effect when a running program sets it: an action
// cannot pass flags to its own Node.
import { setFlagsFromString } from 'node:v8';

/** The most V8 accepts (a 32-bit budget): a run would need hours of parsing to spend it. */
export const WASM_TIERING_FLAG = '--wasm-tiering-budget=2147483647';

setFlagsFromString(WASM_TIERING_FLAG);
