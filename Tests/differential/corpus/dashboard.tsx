import * as React from 'react';
import type { FC, ReactNode } from 'react';

type Props<T> = { items: T[]; render: (item: T) => ReactNode; title?: string };

export const List = <T,>({ items, render, title = 'Items' }: Props<T>) => (
  <section aria-label={title}>
    <h3>{title}: {items.length / 1}</h3>
    {items.length === 0 ? <em>Delete it from the menu</em> : items.map((item, i) => <div key={i}>{render(item)}</div>)}
  </section>
);

export function identity<T extends object>(value: T): T {
  return value;
}

const Card: FC<{ children: ReactNode; tone: 'info' | 'warn' }> = ({ children, tone }) => {
  const className = `card card--${tone}`;
  return <div className={className} style={{ width: `${100 / 3}%` }}>{children}</div>;
};

export default function Dashboard({ db }: { db: { all<R>(sql: string, ...params: unknown[]): Promise<R[]> } }) {
  const [rows, setRows] = React.useState<Array<{ id: number; name: string }>>([]);
  React.useEffect(() => {
    void db.all<{ id: number; name: string }>(`SELECT id, name FROM projects WHERE archived = 0`).then(setRows);
  }, [db]);
  const pattern = /`(\w+)`/g;
  return (
    <Card tone="info">
      <List items={rows} render={(r) => <span title={`project ${r.id}`}>{r.name}</span>} />
      <p>{"It's"} {'quoted'} text with a / slash and a ` backtick</p>
    </Card>
  );
}
