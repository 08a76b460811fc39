/**
 * Minimal typings for the parts of NLP.js v4 the bot uses. The packages ship no types; these
 * declare only what nlu.ts calls (transitive dependencies of @nlpjs/basic, imported directly so the
 * pino-based logger that @nlpjs/basic instantiates at import time is never loaded).
 */
declare module '@nlpjs/core' {
  export interface NlpjsContainer {
    use(plugin: unknown): void;
    register(name: string, instance: unknown, isSingleton?: boolean): void;
    get(name: string): unknown;
  }
  const core: { containerBootstrap(settings?: Record<string, unknown>): Promise<NlpjsContainer> };
  export default core;
}

declare module '@nlpjs/nlp' {
  import type { NlpjsContainer } from '@nlpjs/core';
  export interface NlpjsResult {
    intent: string;
    score: number;
    classifications?: Array<{ intent: string; score: number }>;
  }
  export class Nlp {
    constructor(settings: Record<string, unknown>, container: NlpjsContainer);
    addLanguage(locales: string | string[]): void;
    addDocument(locale: string, utterance: string, intent: string): void;
    train(): Promise<void>;
    process(locale: string, utterance: string): Promise<NlpjsResult>;
  }
  const nlp: { Nlp: typeof Nlp };
  export default nlp;
}

declare module '@nlpjs/lang-en-min' {
  const lang: { LangEn: unknown };
  export default lang;
}
