import { adminMessages } from './define';

/** The admin's texts: articles. */
export const articlesMessages = adminMessages({}, {});
