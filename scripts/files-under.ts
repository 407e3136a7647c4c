import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under `dir`, as paths joined onto it (the build's post-step and the zip writer). */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}
