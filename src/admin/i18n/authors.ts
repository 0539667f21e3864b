import { adminMessages } from './define';

/** The admin's texts: authors. */
export const authorsMessages = adminMessages({}, {});
