import { adminMessages } from './define';

/** The admin's texts: review. */
export const reviewMessages = adminMessages({}, {});
