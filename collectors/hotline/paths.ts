/** The webhook's path, on its own so the import CLI does not load the server to know it. */
export const HOTLINE_ORDERS_PATH = '/api/v1/collectors/hotline/orders';
