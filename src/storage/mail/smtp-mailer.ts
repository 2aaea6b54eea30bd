import nodemailer, { type Transporter } from 'nodemailer';
import type { MailMessage, Mailer } from '../../core/ports.ts';

/**
 * Mail over SMTP (nodemailer), configured by BROADSHEET_SMTP_URL ("smtp://user:pass@host:587",
 * "smtps://…:465"). Newsroom mail is plain text; member mail adds an HTML part built from the same words.
 * A failed send rejects; callers report it and fall back to showing the link. With DKIM configured
 * (BROADSHEET_DKIM_*), every mail is signed.
 */
export class SmtpMailer implements Mailer {
  readonly delivers = true;
  readonly #transport: Transporter;
  readonly #from: string;

  constructor(url: string, from: string, dkim?: { domainName: string; keySelector: string; privateKey: string }) {
    // Pooled: a newsletter send reuses a few connections instead of one per mail.
    const pooled = new URL(url);
    if (!pooled.searchParams.has('pool')) pooled.searchParams.set('pool', 'true');
    if (!pooled.searchParams.has('maxConnections')) pooled.searchParams.set('maxConnections', '8');
    // DKIM as a default of every message: nodemailer signs each one with the configured key.
    this.#transport = nodemailer.createTransport(pooled.toString(), dkim ? { dkim: { ...dkim } } : {});
    this.#from = from;
  }

  async send(message: MailMessage): Promise<void> {
    await this.#transport.sendMail({ from: this.#from, to: message.to, subject: message.subject, text: message.text, ...(message.html ? { html: message.html } : {}), ...(message.headers ? { headers: { ...message.headers } } : {}), ...(message.messageId ? { messageId: message.messageId } : {}) });
  }

  close(): void {
    this.#transport.close();
  }
}
