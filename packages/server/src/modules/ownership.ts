/**
 * Who owns which table. A module owns its tables: only it writes them, and others read them
 * through its query functions. `test/table-ownership.test.ts` reads every module's SQL (Kysely
 * calls, `sql` templates and .sql files) and holds it to this file. Nothing imports it at run
 * time; docs/architecture.md's module map is written from it.
 */
export const tableOwners = {
  identity: ['operators', 'residents', 'staff', 'sessions', 'sms_codes'],
  catalog: ['categories', 'products', 'skus', 'suppliers'],
  campaign: ['campaigns', 'campaign_lines', 'campaign_leaders'],
  leader: ['leaders', 'pickup_points'],
  'leader-applications': ['leader_applications'],
  ordering: ['orders', 'order_lines', 'idempotency_keys', 'resident_purchases'],
  payment: ['payments', 'refunds', 'refund_lines'],
  procurement: [
    'campaign_cutoffs',
    'campaign_sku_demand',
    'demand_lines',
    'purchase_orders',
    'purchase_order_lines',
    'stock_lots',
    'lot_sequences',
    'shortage_allocations',
    'shortage_lines',
    'procurement_settings',
  ],
  logistics: [
    'warehouses',
    'vehicle_types',
    'carriers',
    'drivers',
    'delivery_routes',
    'route_stops',
    'delivery_settings',
    'map_settings',
    'handovers',
    'handover_lines',
    'standing_lines',
    'standing_line_points',
    'pickup_postponements',
  ],
  pickup: ['pickup_verifications', 'pickup_verification_lines', 'unpicked_orders', 'aftersales_settings'],
  aftersales: ['aftersale_cases'],
  ledger: [
    'ledger_accounts',
    'journal_entries',
    'journal_postings',
    'ledger_policies',
    'ledger_event_claims',
    'ledger_day_closings',
    'commission_lines',
    'commission_rules',
  ],
  settlement: ['withdrawals'],
  'order-desk': ['order_desk_log', 'order_redeliveries'],
  privacy: ['audit_log'],
  uploads: ['uploads'],
  /** Shop and web read for the screens; they own no table. */
  shop: [],
  web: [],
  /** Infrastructure every module uses through platform functions (emit, notify, jobs). */
  platform: ['outbox', 'jobs', 'notifications', 'settings', 'rate_limits', 'schema_migrations', 'schema_migrations_lock'],
} as const;

export type ModuleName = Exclude<keyof typeof tableOwners, 'platform'>;

/**
 * Writes to another's table that are by design, each with its reason. Everything else a module
 * writes is its own.
 */
export const sharedWrites: ReadonlyArray<{ module: ModuleName; table: string; why: string }> = [
  {
    module: 'ordering',
    table: 'campaign_lines',
    why: "checkout reserves stock (the line's `reserved` count) in its one statement, and cancel and expiry give it back",
  },
  {
    module: 'ordering',
    table: 'payments',
    why: "checkout opens the order's payment in its one statement, so paying needs no further write",
  },
  { module: 'ordering', table: 'outbox', why: 'checkout writes `order.placed` in its one statement' },
  { module: 'payment', table: 'outbox', why: 'a payment notification writes `payment.captured` and `order.paid` in its one statement' },
];

/**
 * The files that read another module's tables, each with the tables it reads and why. A module
 * reads another's tables through the owner's query functions (or a SQL fragment the owner
 * exports, where a set-based statement must stay one statement); the only files that join
 * across modules themselves are read models by nature, one file per report, named
 * `*.report.ts`, with their reason here. Entries with an empty reason are the debt still to
 * retire. `test/table-ownership.test.ts` fails on a cross-module read in a file not listed here
 * and on a listed read that no longer happens, so the list only shrinks.
 */
export const crossReads: Readonly<Record<string, { reads: readonly string[]; why: string }>> = {
  'aftersales/aftersales.queries.ts': { reads: ['leaders', 'order_lines', 'pickup_points', 'residents', 'staff'], why: '' },
  'aftersales/aftersales.service.ts': {
    reads: ['operators', 'order_lines', 'orders', 'pickup_verification_lines', 'pickup_verifications'],
    why: '',
  },
  'identity/identity.service.ts': { reads: ['drivers', 'leaders', 'suppliers'], why: '' },
  'leader-applications/leader-applications.service.ts': { reads: ['leaders', 'residents', 'staff'], why: '' },
  'ledger/ledger.daily.ts': { reads: ['operators', 'staff'], why: '' },
  'ledger/ledger.postings.ts': { reads: ['leaders', 'order_lines', 'orders', 'products', 'refunds', 'skus'], why: '' },
  'ledger/ledger.reconcile.ts': { reads: ['payments', 'refunds'], why: '' },
  'logistics/dispatch.service.ts': { reads: ['pickup_points'], why: '' },
  'logistics/handover.service.ts': { reads: ['order_lines', 'orders', 'pickup_points', 'products', 'skus'], why: '' },
  'logistics/logistics.queries.ts': { reads: ['leaders', 'order_lines', 'orders', 'pickup_points', 'products', 'skus'], why: '' },
  'logistics/planning.service.ts': { reads: ['pickup_points'], why: '' },
  'logistics/route.geometry.ts': { reads: ['pickup_points'], why: '' },
  'logistics/sorting.service.ts': { reads: ['pickup_points'], why: '' },
  'logistics/standing-lines.service.ts': { reads: ['pickup_points'], why: '' },
  'logistics/unrouted.service.ts': { reads: ['leaders', 'order_lines', 'orders', 'pickup_points'], why: '' },
  'logistics/warehouse.assignment.ts': { reads: ['pickup_points'], why: '' },
  'order-desk/order-desk.queries.ts': {
    reads: [
      'aftersale_cases',
      'delivery_routes',
      'handovers',
      'leaders',
      'order_lines',
      'orders',
      'pickup_points',
      'pickup_verification_lines',
      'pickup_verifications',
      'refund_lines',
      'refunds',
      'residents',
      'route_stops',
      'shortage_allocations',
      'staff',
      'unpicked_orders',
    ],
    why: '',
  },
  'order-desk/order-desk.service.ts': {
    reads: ['campaign_leaders', 'campaigns', 'leaders', 'order_lines', 'orders', 'pickup_points', 'residents'],
    why: '',
  },
  'order-desk/redelivery.queries.ts': { reads: ['order_lines', 'orders', 'pickup_points', 'products', 'skus'], why: '' },
  'ordering/checkout.reserve.ts': { reads: ['campaign_lines', 'campaigns'], why: '' },
  'ordering/order-context.ts': {
    reads: ['campaign_leaders', 'campaign_lines', 'campaigns', 'leaders', 'pickup_points', 'products', 'residents', 'skus'],
    why: '',
  },
  'ordering/ordering.fulfilment.ts': { reads: ['refunds'], why: '' },
  'ordering/ordering.lifecycle.ts': { reads: ['payments'], why: '' },
  'ordering/ordering.queries.ts': { reads: ['campaigns'], why: '' },
  'ordering/ordering.service.ts': { reads: ['campaigns'], why: '' },
  'ordering/place-order.sql': { reads: ['campaigns', 'operators'], why: '' },
  'payment/payment.service.ts': { reads: ['orders'], why: '' },
  'pickup/pickup.queries.ts': { reads: ['order_lines', 'orders', 'pickup_points'], why: '' },
  'pickup/pickup.service.ts': { reads: ['order_lines', 'orders'], why: '' },
  'pickup/pickup.unpicked.ts': { reads: ['operators', 'order_lines', 'orders', 'pickup_points'], why: '' },
  'privacy/privacy.service.ts': { reads: ['leader_applications', 'leaders', 'residents', 'staff'], why: '' },
  'procurement/allocation.service.ts': { reads: ['campaigns', 'order_lines', 'orders'], why: '' },
  'procurement/cutoff.pipeline.ts': { reads: ['campaigns', 'order_lines', 'orders'], why: '' },
  'procurement/demand.repository.ts': { reads: ['campaigns', 'order_lines', 'orders', 'products', 'skus', 'suppliers'], why: '' },
  'procurement/procurement.setup.ts': { reads: ['order_lines'], why: '' },
  'procurement/purchase-order.queries.ts': { reads: ['products', 'skus', 'staff', 'suppliers', 'warehouses'], why: '' },
  'procurement/purchasing.ts': { reads: ['skus'], why: '' },
  'settlement/pnl.ts': { reads: ['categories', 'journal_entries', 'journal_postings', 'ledger_accounts', 'products', 'skus'], why: '' },
  'settlement/statements.ts': { reads: ['carriers', 'commission_lines', 'leaders', 'suppliers'], why: '' },
  'settlement/withdrawal.service.ts': { reads: ['operators'], why: '' },
  'shop/shop.service.ts': {
    reads: [
      'campaign_leaders',
      'campaign_lines',
      'campaigns',
      'leaders',
      'pickup_points',
      'products',
      'resident_purchases',
      'residents',
      'skus',
    ],
    why: '',
  },
  'web/admin.dashboard.ts': { reads: ['campaign_cutoffs', 'campaigns', 'order_lines', 'orders', 'refunds'], why: '' },
  'web/leader.dashboard.ts': { reads: ['campaign_leaders', 'campaigns', 'order_lines', 'orders'], why: '' },
  'web/leader.members.ts': { reads: ['orders', 'residents'], why: '' },
  'web/public.config.ts': { reads: ['operators'], why: '' },
  'web/web.queries.ts': { reads: ['withdrawals'], why: '' },
};
