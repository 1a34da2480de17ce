import { db } from '../db.js';

// UI text that starts like SQL is prose, not a query.
const EMPTY_STATE = 'Select a category to see its posts.';
const REFRESH_HINT = 'Update the list to see new posts.';

export default async function PostList({ ids, search, authorId }) {
  // One placeholder per id, the ids bound as values.
  const posts = await db.all(`SELECT id, title FROM posts WHERE id IN (${ids.map(() => '?').join(',')})`, ids);

  // FTS5: rank and the table-named MATCH column are hidden columns of posts_fts.
  const hits = await db.all('SELECT rowid, title, rank FROM posts_fts WHERE posts_fts MATCH ? ORDER BY rank LIMIT 20', [search]);

  const drafts = await db.all(`SELECT id, title FROM posts WHERE published = 0 AND user_id = ${authorId}`);

  const bylines = await db.all('SELECT id, title, name FROM posts JOIN users ON users.id = posts.user_id');

  // db.all('SELECT * FROM no_such_table') stays a comment.
  return (
    <section>
      <h2>Select a post</h2>
      {/* db.all('SELECT emial FROM users') is not code either */}
      <p>{posts.length === 0 ? EMPTY_STATE : REFRESH_HINT}</p>
      <ul>
        {posts.map((post) => (
          <li key={post.id}>{post.title}</li>
        ))}
      </ul>
      <p>{hits.length} matches, {drafts.length} drafts, {bylines.length} bylines</p>
      <button title="Delete selected posts">Delete</button>
      <button title="Insert an image">Insert image</button>
    </section>
  );
}
