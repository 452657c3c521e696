import type { NotificationsRepository, UsersRepository } from '@leadflow/persistence';
import { validationError } from '../action-errors';
import type { ActionHandler } from '../action-context';
import { renderLeadTemplate } from '../lead-template';

export interface SendNotificationDependencies {
  notifications: Pick<NotificationsRepository, 'createOnce'>;
  users: Pick<UsersRepository, 'findById'>;
}

/** Notifies `user_id`, else the lead's owner, else everyone (a broadcast with user_id null). */
export function sendNotification(deps: SendNotificationDependencies): ActionHandler<'send_notification'> {
  return async (config, { request, lead, effectKey, now }) => {
    const message = typeof config.message === 'string' ? renderLeadTemplate(config.message, lead).trim() : '';
    if (message === '') throw validationError('send_notification: message must be a non-empty string');
    if (config.user_id !== undefined && (await deps.users.findById(config.user_id)) === null) {
      throw validationError(`send_notification: user ${config.user_id} does not exist`);
    }
    const userId = config.user_id ?? lead.owner_id;
    const { notification, created } = await deps.notifications.createOnce({
      user_id: userId,
      lead_id: lead.id,
      message,
      created_by_workflow_id: request.workflow_id,
      effect_key: effectKey,
      created_at: now,
    });
    const recipient = userId === null ? 'everyone' : `user ${userId}`;
    return `notification ${notification.id} ${created ? 'sent' : 'already sent'} to ${recipient}`;
  };
}
