export const MESSAGES_TABLE = 'messages';
