import { createHash } from 'node:crypto';
import type { LeadDocument, SentEmailsRepository, UsersRepository } from '@leadflow/persistence';
import { rejectedError, retryableError, validationError } from '../action-errors';
import type { ActionHandler } from '../action-context';
import { renderLeadTemplate } from '../lead-template';
import { MailDeliveryError, type Mailer } from '../smtp-mailer';

export interface SendEmailDependencies {
  emails: Pick<SentEmailsRepository, 'recordOnce' | 'markSent'>;
  users: Pick<UsersRepository, 'findById'>;
  mailer: Mailer;
}

const ADDRESS = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

const DEFAULT_BODY =
  'Lead {{first_name}} {{last_name}} ({{email}}) at {{company}}: score {{score}}, stage {{qualification_stage}}.';

/** `to`: an address, "owner" (the lead owner's email, also the default) or "lead" (the lead's own). */
async function recipientOf(
  to: string | undefined,
  lead: LeadDocument,
  users: SendEmailDependencies['users'],
): Promise<string> {
  const wanted = (to ?? 'owner').trim();
  if (wanted === 'lead') {
    if (!lead.email || !ADDRESS.test(lead.email)) {
      throw validationError(`send_email: lead ${lead.id} has no valid email`);
    }
    return lead.email;
  }
  if (wanted === 'owner') {
    const owner = lead.owner_id === null ? null : await users.findById(lead.owner_id);
    if (!owner?.email || !ADDRESS.test(owner.email)) {
      throw validationError(`send_email: lead ${lead.id} has no owner with an email`);
    }
    return owner.email;
  }
  if (!ADDRESS.test(wanted)) {
    throw validationError(`send_email: to must be an email address, "owner" or "lead"`);
  }
  return wanted;
}

/** Derived from the effect key, so every attempt of the step sends the same Message-ID. */
export function messageIdOf(effectKey: string): string {
  return `<${createHash('sha256').update(effectKey).digest('hex').slice(0, 32)}@leadflow>`;
}

export function sendEmail(deps: SendEmailDependencies): ActionHandler<'send_email'> {
  return async (config, { request, lead, effectKey, now }) => {
    if (typeof config.subject !== 'string' || config.subject.trim() === '') {
      throw validationError('send_email: subject must be a non-empty string');
    }
    const to = await recipientOf(config.to, lead, deps.users);
    // Written before SMTP sees the message: an attempt that finds it unsent cannot know whether the crash
    // came before or after delivery, so it resends under the same Message-ID.
    const { email } = await deps.emails.recordOnce({
      lead_id: lead.id,
      to,
      subject: renderLeadTemplate(config.subject, lead)
        .replace(/[\r\n]+/g, ' ')
        .trim(),
      body: renderLeadTemplate(config.body ?? DEFAULT_BODY, lead),
      template: config.template ?? null,
      message_id: messageIdOf(effectKey),
      workflow_id: request.workflow_id,
      effect_key: effectKey,
      created_at: now,
    });
    if (email.sent_at !== null) return `email ${email.id} already sent to ${email.to}`;
    try {
      await deps.mailer.send({
        to: email.to,
        subject: email.subject,
        text: email.body,
        messageId: email.message_id,
      });
    } catch (error) {
      if (
        error instanceof MailDeliveryError &&
        error.responseCode !== undefined &&
        error.responseCode >= 500
      ) {
        throw rejectedError('EmailRejected', error.message);
      }
      throw retryableError('EmailDeliveryError', (error as Error).message, error as Error);
    }
    await deps.emails.markSent(email.id, now);
    return `email ${email.id} sent to ${email.to}`;
  };
}
