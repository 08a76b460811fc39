/**
 * Trained NLP.js models kept by a hash of everything that determines them: the examples, the settings, the NLP.js
 * packages' versions and the code that builds the classifier. NLP.js's training is deterministic (every weight
 * starts at zero), so a model trained once from the same inputs is the model training would produce again; loading
 * it costs ~20 ms of CPU where training the bundled flow costs ~250 ms. Each test that starts a server trains, and
 * so does every `npm start`.
 *
 * Two layers: the process's memory, and files under node_modules/.cache/parley-nlu beside the NLP.js install (the
 * usual home of build caches). The disk layer is best effort: a file that cannot be read, parsed or written means
 * training, never a failure.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The packages whose code shapes a trained model or reads it back. */
const NLPJS_PACKAGES = ['core', 'nlp', 'nlu', 'neural', 'lang-en', 'lang-fr'];
const require = createRequire(import.meta.url);

export class ModelCache {
  private readonly memory = new Map<string, string>();

  /** `dir`: where model files go; undefined keeps models in memory only. */
  constructor(readonly dir: string | undefined) {}

  get(key: string): string | undefined {
    const hit = this.memory.get(key);
    if (hit !== undefined || !this.dir) return hit;
    try {
      const model = readFileSync(this.file(key), 'utf8');
      this.memory.set(key, model);
      return model;
    } catch {
      return undefined;
    }
  }

  set(key: string, model: string): void {
    this.memory.set(key, model);
    if (!this.dir) return;
    try {
      mkdirSync(this.dir, { recursive: true });
      // Through a rename, so a process reading the file at that moment never sees half a model.
      const tmp = `${this.file(key)}.${process.pid}.tmp`;
      writeFileSync(tmp, model);
      renameSync(tmp, this.file(key));
    } catch {
      // A read-only install trains at each start, as it did before there was a cache.
    }
  }

  private file(key: string): string {
    return path.join(this.dir ?? '', `${key}.json`);
  }
}

/** node_modules/.cache/parley-nlu in the node_modules that holds NLP.js; memory only when that cannot be found. */
function defaultDir(): string | undefined {
  try {
    const entry = require.resolve('@nlpjs/nlp');
    const at = entry.lastIndexOf(`${path.sep}node_modules${path.sep}`);
    return at < 0 ? undefined : path.join(entry.slice(0, at), 'node_modules', '.cache', 'parley-nlu');
  } catch {
    return undefined;
  }
}

export const sharedModelCache = new ModelCache(defaultDir());

const versionsByBuilder = new Map<string, string>();
/** The NLP.js versions plus `builder`'s own source, read once per process. */
function versions(builder: string): string {
  let v = versionsByBuilder.get(builder);
  if (v === undefined) {
    const nlpjs = NLPJS_PACKAGES.map((p) => (require(`@nlpjs/${p}/package.json`) as { version: string }).version);
    v = JSON.stringify([
      nlpjs,
      createHash('sha256')
        .update(readFileSync(fileURLToPath(builder)))
        .digest('hex'),
    ]);
    versionsByBuilder.set(builder, v);
  }
  return v;
}

/**
 * The cache key of a model: `inputs` must hold everything the caller feeds NLP.js (examples in order, settings);
 * `builder` is the URL of the module that configures NLP.js, so editing it retrains.
 */
export function modelKey(inputs: unknown, builder: string): string {
  return createHash('sha256').update(versions(builder)).update(JSON.stringify(inputs)).digest('hex').slice(0, 32);
}
