import { describe, expect, it } from 'vitest';
import { BUSY_SAMPLES, SAMPLE_MS, WorkerDemand } from './worker-demand.js';

/** Feeds `samples` one SAMPLE_MS apart from `from`; returns every decision. */
function run(demand: WorkerDemand, samples: readonly (readonly number[])[], changing = 0, from = 0): string[] {
  return samples.map((utilisations, i) => demand.decide(utilisations, changing, from + i * SAMPLE_MS));
}

/** `n` samples of the same utilisations. */
const times = (n: number, utilisations: readonly number[]) => Array.from({ length: n }, () => utilisations);

describe('WorkerDemand', () => {
  it('starts another process only after the running ones were busy for consecutive samples', () => {
    const demand = new WorkerDemand({ min: 1, max: 2, idleMs: 60_000 });
    // One busy sample between quiet ones is a spike, not load.
    expect(run(demand, [[0.9], [0.1], [0.9], [0.2]])).toEqual(['hold', 'hold', 'hold', 'hold']);
    expect(run(demand, times(BUSY_SAMPLES, [0.8])).at(-1)).toBe('start');
  });

  it('counts the mean over the serving processes, and never goes past max', () => {
    const demand = new WorkerDemand({ min: 1, max: 3, idleMs: 60_000 });
    // One process nearly saturated, the other quiet: on average not busy (the kernel hands new connections to either).
    expect(run(demand, times(3, [0.9, 0]))).toEqual(['hold', 'hold', 'hold']);
    expect(run(demand, times(2, [0.7, 0.6])).at(-1)).toBe('start');
    const full = new WorkerDemand({ min: 1, max: 2, idleMs: 60_000 });
    expect(run(full, times(3, [1, 1]))).toEqual(['hold', 'hold', 'hold']);
  });

  it('decides nothing while a process is starting or leaving', () => {
    const demand = new WorkerDemand({ min: 1, max: 4, idleMs: 1000 });
    expect(run(demand, times(3, [1]), 1)).toEqual(['hold', 'hold', 'hold']);
    const idle = new WorkerDemand({ min: 1, max: 4, idleMs: 1000 });
    expect(run(idle, times(4, [0, 0]), 1)).toEqual(['hold', 'hold', 'hold', 'hold']);
  });

  it('lets one process go after a whole idle period, then the next after another, never below min', () => {
    const demand = new WorkerDemand({ min: 2, max: 4, idleMs: 1000 });
    // Idle from t=0: nothing before 1000 ms, a retirement at 1000 ms.
    expect(run(demand, times(3, [0.01, 0.02, 0, 0.01]))).toEqual(['hold', 'hold', 'retire']);
    // The next one leaves only after another whole period (from 1000 ms), not on the following sample.
    expect(run(demand, times(3, [0, 0, 0]), 0, 1500)).toEqual(['hold', 'retire', 'hold']);
    // At min (two processes), idle or not, nobody leaves.
    expect(run(demand, times(10, [0, 0]), 0, 5000)).toEqual(Array(10).fill('hold'));
  });

  it('restarts the idle clock when any process does some work', () => {
    const demand = new WorkerDemand({ min: 1, max: 2, idleMs: 1000 });
    // 0.1 is neither busy nor idle: the clock starts again at the next idle sample.
    expect(
      run(demand, [
        [0, 0],
        [0, 0],
        [0, 0.1],
        [0, 0],
        [0, 0],
      ]),
    ).toEqual(['hold', 'hold', 'hold', 'hold', 'hold']);
    // Idle again since 1500 ms: a whole period at 2500 ms.
    expect(demand.decide([0, 0], 0, 2500)).toBe('retire');
  });

  it('refuses limits that cannot hold', () => {
    expect(() => new WorkerDemand({ min: 0, max: 2, idleMs: 1 })).toThrow(RangeError);
    expect(() => new WorkerDemand({ min: 3, max: 2, idleMs: 1 })).toThrow(RangeError);
    expect(() => new WorkerDemand({ min: 1, max: 2, idleMs: 0 })).toThrow(RangeError);
  });
});
