import { adminMessages } from './define';

/** The admin's texts: campaigns. */
export const campaignsMessages = adminMessages({}, {});
