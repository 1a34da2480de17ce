import type { NextApiRequest, NextApiResponse } from 'next';
import Database from 'better-sqlite3';

const db = new Database('data/app.db');

function Log(prefix: string) {
  return function (_target: object, key: string, descriptor: PropertyDescriptor) {
    const original = descriptor.value;
    descriptor.value = function (...args: unknown[]) {
      console.log(`${prefix} ${key}(${args.map((a) => JSON.stringify(a)).join(', ')})`);
      return original.apply(this, args);
    };
  };
}

type Handler = (req: NextApiRequest, res: NextApiResponse) => void | Promise<void>;
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
type Route = `/${string}`;

const routes = new Map<Route, Partial<Record<Method, Handler>>>();

export class OrdersController {
  @Log('[orders]')
  list(req: NextApiRequest, res: NextApiResponse): void {
    const page = Number(req.query.page ?? '1');
    const size = Math.min(100, parseInt(String(req.query.size ?? '20'), 10));
    const offset = (page - 1) * size;
    const rows = db
      .prepare(
        'SELECT o.id, o.total, u.name AS customer ' +
          'FROM orders o JOIN users u ON u.id = o.user_id ' +
          'ORDER BY o.created_at DESC LIMIT ? OFFSET ?',
      )
      .all(size, offset);
    res.status(200).json({ rows, page, pages: Math.ceil(rows.length / size) });
  }

  @Log('[orders]')
  create(req: NextApiRequest, res: NextApiResponse): void {
    const { userId, total } = req.body as { userId: string; total: string };
    const result = db.prepare(`INSERT INTO orders (user_id, total) VALUES (?, ?)`).run(userId.toString(), +total);
    res.status(201).json({ id: Number(result.lastInsertRowid) });
  }
}

function overload(x: string): string;
function overload(x: number): number;
function overload(x: string | number): string | number {
  return typeof x === 'string' ? x.toUpperCase() : x / 2;
}

const config = {
  retries: 3,
  backoff: (attempt: number) => 2 ** attempt * 100 / 1_000,
  name: 'orders',
} satisfies Record<string, unknown>;

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const controller = new OrdersController();
  const route = routes.get(req.url as Route)?.[req.method as Method];
  if (route) return route(req, res);
  switch (req.method) {
    case 'GET': return controller.list(req, res);
    case "POST": return controller.create(req, res);
    default:
      res.setHeader('Allow', ['GET', 'POST']);
      res.status(405).end(`Method ${req.method} Not Allowed`);
  }
  void overload('x'), void config;
}
