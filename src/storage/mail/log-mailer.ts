import type { MailMessage, Mailer } from '../../core/ports.ts';

/**
 * The mailer until a mail server is configured: messages (password-reset links) go to the
 * server log, where an operator can pass them on. Swap in an SMTP or API mailer behind the port.
 */
export class LogMailer implements Mailer {
  readonly delivers = false;
  readonly #log: (line: string) => void;
  constructor(log: (line: string) => void) {
    this.#log = log;
  }

  async send(message: MailMessage): Promise<void> {
    this.#log(`mail to ${message.to}: ${message.subject}\n${message.text}`);
  }
}
