export * from './address-classification';
export * from './errors';
export * from './outbound-policy';
export * from './guarded-fetch';
