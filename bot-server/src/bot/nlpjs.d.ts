/**
 * Minimal typings for the parts of NLP.js v4 the bot uses. The packages ship no types; these
 * declare only what the bot calls (transitive dependencies of @nlpjs/basic, imported directly so the
 * pino-based logger that @nlpjs/basic instantiates at import time is never loaded).
 */
declare module '@nlpjs/core' {
  export interface NlpjsContainer {
    use(plugin: unknown): void;
    register(name: string, instance: unknown, isSingleton?: boolean): void;
    get(name: string): unknown;
    registerConfiguration(tag: string, configuration: Record<string, unknown>, overwrite?: boolean): void;
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
    /** The trained model as JSON (minified when true). */
    export(minified?: boolean): string;
    /** Loads a model made by export() into this untrained pipeline. */
    import(model: string): void;
  }
  const nlp: { Nlp: typeof Nlp };
  export default nlp;
}

declare module '@nlpjs/lang-en' {
  const lang: { LangEn: unknown };
  export default lang;
}

declare module '@nlpjs/lang-fr' {
  const lang: { LangFr: unknown };
  export default lang;
}

declare module '@nlpjs/language' {
  export class Language {
    guess(
      utterance: string,
      allowList?: string[],
      limit?: number,
    ): Array<{ alpha2: string; alpha3: string; language: string; score: number }>;
  }
  const language: { Language: typeof Language };
  export default language;
}

declare module '@nlpjs/sentiment' {
  import type { NlpjsContainer } from '@nlpjs/core';
  export class SentimentAnalyzer {
    constructor(settings: Record<string, unknown>, container: NlpjsContainer);
    process(input: { locale: string; text: string }): Promise<{ sentiment?: { score: number; vote: string } }>;
  }
  const sentiment: { SentimentAnalyzer: typeof SentimentAnalyzer };
  export default sentiment;
}

declare module '@nlpjs/similarity' {
  const similarity: { similarity(a: string, b: string): number };
  export default similarity;
}
