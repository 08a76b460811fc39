/** Test support: copies of the bundled default flow in temp directories, edited per test. */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BUNDLED_FLOWS_DIR } from './index.js';

export interface FlowFixture {
  /** The flow directory (holds flow.yaml). */
  dir: string;
  file(name: string): string;
  read(name: string): Promise<string>;
  /** Replaces the first occurrence of `from`, which must exist. */
  edit(name: string, from: string, to: string): Promise<void>;
  write(name: string, text: string): Promise<void>;
  remove(): Promise<void>;
}

export async function copyDefaultFlow(): Promise<FlowFixture> {
  const dir = await mkdtemp(path.join(tmpdir(), 'parley-flow-'));
  const source = path.join(BUNDLED_FLOWS_DIR, 'default');
  // Relative to the flow, so a checkout whose path holds "/tests" (a worktree named "testspeed") is still copied.
  await cp(source, dir, {
    recursive: true,
    filter: (src) => path.relative(source, src).split(path.sep)[0] !== 'tests',
  });
  const file = (name: string) => path.join(dir, name);
  const read = (name: string) => readFile(file(name), 'utf8');
  return {
    dir,
    file,
    read,
    async edit(name, from, to) {
      const text = await read(name);
      const at = text.indexOf(from);
      if (at < 0) throw new Error(`fixture: ${JSON.stringify(from)} not found in ${name}`);
      await writeFile(file(name), text.slice(0, at) + to + text.slice(at + from.length));
    },
    write: (name, text) => writeFile(file(name), text),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
