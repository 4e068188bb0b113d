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
 * Reads of another module's tables, module by module, that are still to become calls of the
 * owner's query functions (or to move into a report read model, named as such). The test fails
 * on a read not listed here and on a listed read that no longer happens, so this list only
 * shrinks. Reports that join across modules by nature (the P&L, the day report, dashboards) stay
 * listed under the module that owns the report.
 */
export const crossReads: Readonly<Partial<Record<ModuleName, readonly string[]>>> = {
  aftersales: [
    'leaders',
    'operators',
    'order_lines',
    'orders',
    'pickup_points',
    'pickup_verification_lines',
    'pickup_verifications',
    'residents',
    'staff',
  ],
  identity: ['drivers', 'leaders', 'suppliers'],
  'leader-applications': ['leaders', 'residents', 'staff'],
  ledger: ['leaders', 'operators', 'order_lines', 'orders', 'payments', 'products', 'refunds', 'skus', 'staff'],
  logistics: ['leaders', 'order_lines', 'orders', 'pickup_points', 'products', 'skus'],
  'order-desk': [
    'aftersale_cases',
    'campaign_leaders',
    'campaigns',
    'delivery_routes',
    'handovers',
    'leaders',
    'order_lines',
    'orders',
    'pickup_points',
    'pickup_verification_lines',
    'pickup_verifications',
    'products',
    'refund_lines',
    'refunds',
    'residents',
    'route_stops',
    'shortage_allocations',
    'skus',
    'staff',
    'unpicked_orders',
  ],
  ordering: [
    'campaign_leaders',
    'campaign_lines',
    'campaigns',
    'leaders',
    'operators',
    'payments',
    'pickup_points',
    'products',
    'refunds',
    'residents',
    'skus',
  ],
  payment: ['orders'],
  pickup: ['operators', 'order_lines', 'orders', 'pickup_points'],
  privacy: ['leader_applications', 'leaders', 'residents', 'staff'],
  procurement: ['campaigns', 'order_lines', 'orders', 'products', 'skus', 'staff', 'suppliers', 'warehouses'],
  settlement: [
    'carriers',
    'categories',
    'commission_lines',
    'journal_entries',
    'journal_postings',
    'leaders',
    'ledger_accounts',
    'operators',
    'products',
    'skus',
    'suppliers',
  ],
  shop: [
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
  web: ['campaign_cutoffs', 'campaign_leaders', 'campaigns', 'operators', 'order_lines', 'orders', 'refunds', 'residents', 'withdrawals'],
};
