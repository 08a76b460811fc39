/** Transcripts by e-mail through a real SMTP server (SMTP_URL), with nodemailer. */
import nodemailer from 'nodemailer';
import type { CustomerCopy } from './customer-copy.js';

export interface TranscriptMailer {
  send(to: string, copy: CustomerCopy): Promise<void>;
  close(): void;
}

export function smtpMailer(smtpUrl: string, from: string): TranscriptMailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(to, copy) {
      await transport.sendMail({ from, to, subject: copy.subject, text: copy.text, html: copy.html });
    },
    close: () => transport.close(),
  };
}
