/**
 * Files arriving from the messaging channels (WhatsApp, Messenger and X pictures, stickers, voice notes, videos,
 * documents) take the web uploads' path: downloaded from the aggregator's `mediaUrl` with the same byte cap (a
 * declared Content-Length over it is refused before reading), then sniffed, checked and scanned by the pipeline, and
 * stored. The agent and the transcript get Parley's signed link, never the aggregator's URL; a refused file is told
 * in the words the web widget shows.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ERRORS } from '@parley/protocol';
import { isParleyError, ParleyError } from '../errors.js';
import { attachmentContent, type AttachmentContent } from './conversation.js';
import type { LinkSigner } from './links.js';
import { readCapped, type AttachmentPipeline, type CappedBody } from './pipeline.js';

export interface MediaIntakeDeps {
  pipeline: AttachmentPipeline;
  signer: LinkSigner;
  /** Origin put in links (ATTACHMENT_PUBLIC_BASE, else this server's URL once it listens). */
  publicBase(): string;
  now(): number;
  fetch?: typeof fetch;
  /** Longest a download may take [30 s]. */
  timeoutMs?: number;
}

export type MediaIntakeResult = { ok: true; content: AttachmentContent } | { ok: false; code: string; words: string };

export interface MediaFile {
  url: string;
  conversationId: string;
  name?: string | undefined;
  claimedType?: string | undefined;
  /** The channel, for the log. */
  source: string;
}

export class MediaIntake {
  constructor(private readonly d: MediaIntakeDeps) {}

  async take(file: MediaFile): Promise<MediaIntakeResult> {
    try {
      const accepted = await this.d.pipeline.admit(async () =>
        this.d.pipeline.accept({
          ...(await this.download(file.url)),
          conversationId: file.conversationId,
          name: file.name,
          claimedType: file.claimedType,
          source: file.source,
        }),
      );
      const url = `${this.d.publicBase()}${this.d.signer.sign(accepted.record.id, this.d.now())}`;
      return { ok: true, content: attachmentContent(accepted, url) };
    } catch (err) {
      if (!isParleyError(err)) throw err;
      // The catalogue's words, the same the web widget shows: never an internal detail.
      return { ok: false, code: err.code, words: ERRORS[err.code].message };
    }
  }

  private async download(url: string): Promise<CappedBody> {
    const { maxBytes } = this.d.pipeline;
    if (!/^https?:\/\//i.test(url)) throw new ParleyError('PARLEY_ERR_FILE_TYPE');
    const res = await (this.d.fetch ?? fetch)(url, {
      redirect: 'follow',
      signal: AbortSignal.timeout(this.d.timeoutMs ?? 30_000),
    }).catch(() => {
      throw new ParleyError('PARLEY_ERR_FILE_UNCHECKED', 'The file could not be fetched from the channel.');
    });
    if (!res.ok || !res.body) {
      await res.body?.cancel();
      throw new ParleyError('PARLEY_ERR_FILE_UNCHECKED', 'The file could not be fetched from the channel.');
    }
    const declared = Number(res.headers.get('content-length') ?? 0);
    if (declared > maxBytes) {
      await res.body.cancel();
      throw new ParleyError('PARLEY_ERR_FILE_TOO_LARGE');
    }
    const stream = Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
    try {
      return await readCapped(stream, maxBytes, this.d.pipeline.paced);
    } finally {
      stream.destroy();
    }
  }
}
