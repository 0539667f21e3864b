import { adminMessages } from './define';

/** The admin's texts: previews. */
export const previewsMessages = adminMessages({}, {});
