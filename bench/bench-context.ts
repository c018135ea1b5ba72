import type { Testbed } from '../test/support/testbed.js';

/** One measured figure. `seconds` is wall time unless the note says otherwise. */
export interface BenchRow {
  name: string;
  seconds: number;
  note?: string;
}

/** What every bench part gets: the running testbed and a scratch directory of its own. */
export interface BenchContext {
  testbed: Testbed;
  workDir: string;
  log: (message: string) => void;
}
