export function firstItem(text, values) {
  return DB.rowQueryAsync(text, values);
}
