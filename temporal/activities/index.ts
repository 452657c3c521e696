export * from './action-errors';
export * from './action-context';
export * from './create-action-activities';
export * from './smtp-mailer';
export * from './webhook-signature';
export { poolKeyOf } from './actions/assign-owner';
export { messageIdOf } from './actions/send-email';
export type { WebhookDependencies } from './actions/webhook';
export * from './program-activities';
