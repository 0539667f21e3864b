import { adminMessages } from './define';

/** The admin's texts: audit. */
export const auditMessages = adminMessages({}, {});
