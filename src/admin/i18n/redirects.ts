import { adminMessages } from './define';

/** The admin's texts: redirects. */
export const redirectsMessages = adminMessages({}, {});
