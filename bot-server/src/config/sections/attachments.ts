/** Files customers send: size cap, the ClamAV scanner, where clean files are kept, and the signed download links. */
import * as z from 'zod';
import { int, section } from '../env.js';

export const attachmentsSection = section('attachments', {
  /** Largest file a customer may send, in bytes (25 MB by default). */
  ATTACHMENT_MAX_BYTES: int(25 * 1024 * 1024, 1, 1024 * 1024 * 1024),
  /**
   * clamd to scan with: `tcp://host:3310` or an absolute unix socket path. Unset: `npm start` runs a private clamd
   * when /usr/sbin/clamd is installed; otherwise uploads are off.
   */
  CLAMD_URL: z
    .string()
    .trim()
    .regex(/^(tcp:\/\/[^/:]+:\d{1,5}|\/.+)$/, 'must be tcp://host:port or an absolute unix socket path')
    .optional(),
  /** Longest a scan may take before the file is refused, in ms. */
  CLAMD_TIMEOUT_MS: int(30_000, 100, 600_000),
  /**
   * Most files sent to clamd at once; the rest wait their turn. More gains nothing once clamd's threads are busy, and
   * each file in flight is fed from this server's one thread.
   */
  CLAMD_MAX_SCANS: int(4, 1, 256),
  /**
   * Most file bytes this instance takes in per second, all uploads together (0: no ceiling). Within it the pace adapts:
   * it slows while the event loop runs late and speeds up while it keeps time, so files take the CPU chat replies leave
   * and no more. An upload over the pace is paused (TCP holds its bytes), never refused.
   */
  ATTACHMENT_INTAKE_BYTES_PER_SECOND: int(32 * 1024 * 1024, 0, 10 * 1024 * 1024 * 1024),
  /**
   * Most files read, checked and stored at once; the rest wait unread, in order (their bytes stay with the sender).
   * Bounds the memory uploads hold: this many times ATTACHMENT_MAX_BYTES at most.
   */
  ATTACHMENT_MAX_CONCURRENT: int(4, 1, 1024),
  /** Where clean files are kept: `database` (every instance reads them) or `directory:<path>`. */
  ATTACHMENT_STORE: z
    .string()
    .trim()
    .regex(/^(database|directory:.+)$/, 'must be database or directory:<path>')
    .default('database'),
  /** Secret that signs download links (>= 32 chars). Unset: random per process. Never logged. */
  ATTACHMENT_LINK_SECRET: z.string().trim().min(32, 'must be at least 32 characters').optional(),
  /** How long a download link works, in ms (7 days by default). */
  ATTACHMENT_LINK_TTL_MS: int(7 * 24 * 3600_000, 1000, 365 * 24 * 3600_000),
  /** Public origin put in download links, e.g. https://chat.example.com. Unset: the origin the upload came to. */
  ATTACHMENT_PUBLIC_BASE: z
    .string()
    .trim()
    .regex(/^https?:\/\/[^/]+$/, 'must be an origin like https://chat.example.com')
    .optional(),
});
