import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

// The bundle is an ES module, where __dirname/__filename do not exist; ssh2's bundled CommonJS (its
// emscripten poly1305 loader) reads them when it loads. Imported first by index.ts so it runs first.
const g = globalThis as { __dirname?: string; __filename?: string };
g.__filename ??= fileURLToPath(import.meta.url);
g.__dirname ??= path.dirname(g.__filename);
