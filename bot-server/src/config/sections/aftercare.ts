/** After an agent chat: the customer's survey (CSAT), transcripts by e-mail, and the supervisors' summary. */
import * as z from 'zod';
import { bool, int, list, section } from '../env.js';

export const aftercareSection = section('aftercare', {
  /** Offer the post-chat survey (rating 1 to 5 and a comment) when an agent chat ends. */
  SURVEY_ENABLED: bool(true),
  /**
   * Operator tokens: Bearer tokens for `GET /api/operator/surveys`, and what supervisors type to sign in to the
   * survey page `/operator/surveys`. Comma separated so a token can rotate; compared in constant time, never
   * logged. Unset: both answer 404.
   */
  OPERATOR_TOKEN: list([]),
  /** SMTP server for e-mailed transcripts, e.g. `smtp://user:pass@mail.example.com:587` or `smtps://...:465`. Unset: e-mail is off. */
  SMTP_URL: z
    .string()
    .trim()
    .regex(/^smtps?:\/\/.+/, 'must be an smtp:// or smtps:// URL')
    .optional(),
  /**
   * Where messages customers leave for agents go (out of hours, no agent free, contact center down): the contact
   * center's mailbox, e.g. the one AACC Contact Center Multimedia routes to agents. Needs SMTP_URL. Unset: a left
   * message stays in the conversation only.
   */
  MESSAGES_TO: z.email('must be an e-mail address').optional(),
  /**
   * Seconds a customer waits in the contact center's queue before the flow's `queueOffer` (leave a message instead)
   * is shown; 0: never.
   */
  QUEUE_OFFER_MESSAGE_AFTER: int(120, 0, 3600),
  /** The From of e-mailed transcripts. */
  TRANSCRIPT_FROM: z.string().trim().min(3).default('Parley <no-reply@localhost>'),
  /** How many times one conversation's transcript may be e-mailed (the address is the customer's to choose). */
  TRANSCRIPT_EMAILS_MAX: int(3, 1, 20),
});
