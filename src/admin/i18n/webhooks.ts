import { adminMessages } from './define';

/** The admin's texts: webhooks. */
export const webhooksMessages = adminMessages({}, {});
