import { createTransport } from 'nodemailer';
import type { Config } from '@leadflow/config';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** RFC 5322 Message-ID, `<...@...>`: the same on a resend, so receivers can drop the duplicate */
  messageId: string;
}

/** What send_email needs from a mail transport; the SMTP one below in production and in tests alike. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

/** An SMTP server's answer to a message, kept so the action can tell a refusal from a hiccup. */
export class MailDeliveryError extends Error {
  constructor(
    message: string,
    /** the SMTP reply code, when the server answered (5xx: refused for good) */
    readonly responseCode: number | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'MailDeliveryError';
  }
}

/** Sends through the SMTP server of `SMTP_URL` (nodemailer), from `MAIL_FROM`. */
export function createSmtpMailer(config: Pick<Config, 'SMTP_URL' | 'MAIL_FROM'>): Mailer & { close(): void } {
  const transport = createTransport(config.SMTP_URL, { from: config.MAIL_FROM });
  return {
    async send(mail) {
      try {
        await transport.sendMail({
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          messageId: mail.messageId,
        });
      } catch (error) {
        const responseCode = (error as { responseCode?: unknown }).responseCode;
        throw new MailDeliveryError(
          `SMTP delivery to ${mail.to} failed: ${(error as Error).message}`,
          typeof responseCode === 'number' ? responseCode : undefined,
          { cause: error },
        );
      }
    },
    close() {
      transport.close();
    },
  };
}
