import { adminMessages } from './define';

/** The admin's texts: users. */
export const usersMessages = adminMessages({}, {});
