import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** A 1 GiB context at `dir`: eight sparse 120 MiB files (no disk used) plus 64 MiB of random bytes. */
export async function oneGibContext(dir: string): Promise<void> {
  await fs.mkdir(path.join(dir, 'data'), { recursive: true });
  for (let i = 0; i < 8; i++) {
    const file = path.join(dir, 'data', `blob-${i}.bin`);
    await fs.writeFile(file, `head ${i}\n`);
    await fs.truncate(file, 120 * 1024 * 1024);
  }
  const random = await fs.open(path.join(dir, 'random.bin'), 'w');
  for (let i = 0; i < 8; i++) await random.write(randomBytes(8 * 1024 * 1024));
  await random.close();
}
