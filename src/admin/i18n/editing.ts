import { adminMessages } from './define';

/** The admin's texts: editing. */
export const editingMessages = adminMessages({}, {});
