import { adminMessages } from './define';

/** The admin's texts: schedule. */
export const scheduleMessages = adminMessages({}, {});
