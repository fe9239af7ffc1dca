import type { ErrorBody, OrderPage, WorkOrder, WorkOrderDetail } from '#contracts';
import { api } from './cases.js';
import type { TestServer } from './server.js';

/** A village road report, the blue order the work-order tests carry through. */
export const POTHOLE = '村口到三组的路上有个大坑，下雨就积水，骑车的老是摔，麻烦修一下';

/** Waits for the work order opened for a report with exactly this text, found by search. */
export async function orderOf(s: TestServer, token: string, text: string): Promise<WorkOrder> {
  for (let i = 0; i < 100; i++) {
    const page = await api<OrderPage>(
      s.url,
      token,
      'GET',
      `/api/v1/work-orders?q=${encodeURIComponent(text.slice(0, 8))}`,
    );
    const found = page.body.items?.find((o) => o.text === text);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no order for ${text}`);
}

/** Takes one step on a work order (sign, answer, visit, …) as the holder of token. */
export async function act(
  s: TestServer,
  token: string,
  id: string,
  action: string,
  body: unknown = {},
): Promise<{ status: number; body: WorkOrderDetail & ErrorBody }> {
  return api<WorkOrderDetail & ErrorBody>(
    s.url,
    token,
    'POST',
    `/api/v1/work-orders/${id}/${action}`,
    body,
  );
}
