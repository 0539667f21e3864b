import { adminMessages } from './define';

/** The admin's texts: mail. */
export const mailMessages = adminMessages({}, {});
