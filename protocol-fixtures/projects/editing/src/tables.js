export const POSTS = 'posts';
