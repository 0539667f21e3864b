import { adminMessages } from './define';

/** The admin's texts: apikeys. */
export const apikeysMessages = adminMessages({}, {});
