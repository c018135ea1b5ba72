import { refuseOldNode } from './node-gate.js';

// The entry is split so that an old Node (act's default job image) reads nothing but the version gate:
// everything else is a chunk loaded once the gate passed.
refuseOldNode();
await import('./step.js');
