import { adminMessages } from './define';

/** The admin's texts: media. */
export const mediaMessages = adminMessages({}, {});
