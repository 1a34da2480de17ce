import React, { useState, useEffect } from 'react';

export function ThemePicker({ themes, onPick }) {
  const [selected, setSelected] = useState(null);
  return (
    <div className="picker" data-testid='theme-picker'>
      <h2>Select a theme</h2>
      <p>Don't worry, you can change it later. It's "easy".</p>
      {themes.map((theme) => (
        <button key={theme.id} onClick={() => { setSelected(theme.id); onPick(theme); }} title={`Pick ${theme.name}`}>
          {theme.name}'s colors {selected === theme.id ? '✓' : ''}
        </button>
      ))}
      <>
        <span>Update available</span>
        <img src="/static/logo.png" alt="it's a logo" />
      </>
    </div>
  );
}

export function Rows({ db }) {
  const [rows, setRows] = useState([]);
  useEffect(() => {
    db.all('SELECT id, title FROM posts ORDER BY created_at DESC', (err, result) => {
      if (!err) setRows(result);
    });
  }, [db]);
  const total = rows.length / 2;
  return <ul>{rows.map(r => <li key={r.id}>{r.title} / {total}</li>)}</ul>;
}

export const Empty = () => <p className={"empty"}>Nothing here — "yet"</p>;
const re = /<\/?[a-z]+>/g;
const half = 10 / 2;
