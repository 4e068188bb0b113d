/**
 * Who owns which table. A module owns its tables: only it writes them, and others read them
 * through its query functions. `test/table-ownership.test.ts` reads every module's SQL (Kysely
 * calls, `sql` templates and .sql files) and holds it to this file. Nothing imports it at run
 * time; docs/architecture.md's module map is written from it.
 */
export const tableOwners = {
  identity: [
    'operators',
    'residents',
    'staff',
    'sessions',
    'sms_codes',
    'wechat_accounts',
    'wechat_logins',
    'sms_templates',
    'sms_messages',
  ],
  catalog: ['categories', 'products', 'skus', 'suppliers'],
  campaign: ['campaigns', 'campaign_lines', 'campaign_leaders', 'campaign_help_sell', 'campaign_resellers'],
  leader: ['leaders', 'pickup_points'],
  'leader-applications': ['leader_applications'],
  ordering: ['orders', 'order_lines', 'idempotency_keys', 'resident_purchases'],
  promotions: ['promotions', 'coupons', 'promotion_resident_uses', 'order_discounts'],
  payment: [
    'payments',
    'refunds',
    'refund_lines',
    'payment_notice_nonces',
    'provider_bill_checks',
    'provider_bill_lines',
    'provider_bill_differences',
    'wechatpay_credentials',
  ],
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
    'order_redeliveries',
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
    'help_sell_shares',
  ],
  settlement: ['withdrawals'],
  'order-desk': ['order_desk_log'],
  privacy: ['audit_log'],
  uploads: ['uploads'],
  webhooks: ['webhook_endpoints', 'webhook_deliveries'],
  /** Shop and web read for the screens; they own no table. */
  shop: [],
  web: [],
  /** Infrastructure every module uses through platform functions (emit, notify, jobs). */
  notices: ['notice_messages', 'notice_subjects', 'notice_preferences'],
  points: [
    'points_settings',
    'points_balances',
    'points_entries',
    'points_lots',
    'points_order_grants',
    'points_sign_ins',
    'points_offers',
  ],
  invites: ['invite_codes', 'invites', 'invite_settings'],
  flashsale: ['flash_sales'],
  teambuy: ['team_deals', 'teams', 'team_orders', 'team_members', 'team_history'],
  'leader-performance': [
    'leader_performance_settings',
    'leader_levels',
    'leader_kpis',
    'leader_period_closings',
    'leader_period_results',
    'leader_reward_rules',
    'leader_rule_results',
    'leader_probations',
  ],
  lottery: ['lotteries', 'lottery_prizes', 'lottery_entrants', 'lottery_draws'],
  bargain: ['bargain_offers', 'bargains', 'bargain_cuts'],
  crm: ['crm_settings', 'crm_periods', 'crm_member_rfm', 'crm_reminders'],
  training: [
    'training_courses',
    'training_lessons',
    'training_attempts',
    'training_completions',
    'training_gates',
    'training_sessions',
    'training_attendance',
    'training_settings',
  ],
  'leader-transfer': ['leader_transfers', 'leader_transfer_points', 'leader_transfer_moves'],
  'leader-recruiting': ['recruit_settings', 'recruit_referrals', 'recruit_override_postings', 'recruit_override_corrections'],
  /**
   * 帮卖 puts together campaign's terms and resellers, the ledger's shares and feedback's scorecard;
   * it owns the proposals a leader or a supplier makes for staff to approve.
   */
  'help-sell': ['help_sell_proposals', 'help_sell_proposal_lines'],
  feedback: ['order_ratings', 'order_rating_suppliers', 'complaints', 'complaint_steps'],
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
 * reads another's tables through the owner's query functions, or through a SQL fragment the
 * owner exports where a set-based statement must stay one statement. The only files that join
 * across modules themselves are the reports listed here (read models by nature, one file per
 * report, named `*.report.ts`) and checkout's one statement. `test/table-ownership.test.ts`
 * fails on a cross-module read anywhere else, on a listed read that no longer happens, and on
 * an entry without its reason.
 */
export const crossReads: Readonly<Record<string, { reads: readonly string[]; why: string }>> = {
  'leader-recruiting/recruiting.report.ts': {
    reads: ['orders'],
    why: "a recruit's picked-up orders: how many (the bonus's N) and each day's picked-up sales (the override)",
  },
  'crm/members.report.ts': {
    reads: ['categories', 'order_lines', 'orders', 'products', 'residents', 'skus'],
    why: "a leader's CRM lists: the members' RFM rows with the resident's name and masked phone, and what each buys (paid order lines by category)",
  },
  'crm/pushes.report.ts': {
    reads: ['campaign_lines', 'categories', 'order_lines', 'orders', 'products', 'skus'],
    why: "what a leader pushes today: each segment's top categories from its members' paid order lines, matched to the open campaigns' lines",
  },
  'crm/region.report.ts': {
    reads: ['leaders', 'pickup_points', 'residents'],
    why: "staff's CRM of a region: RFM rows placed by the resident's and the leader's pickup points, with the leader's name",
  },
  'crm/rfm.report.ts': {
    reads: ['orders'],
    why: "every member's RFM for a period, from the paid orders, in one INSERT … SELECT",
  },
  'order-desk/order-detail.report.ts': {
    reads: [
      'aftersale_cases',
      'handovers',
      'order_redeliveries',
      'order_lines',
      'orders',
      'pickup_verification_lines',
      'pickup_verifications',
      'refund_lines',
      'refunds',
      'route_stops',
      'shortage_allocations',
      'staff',
      'unpicked_orders',
    ],
    why: "the desk's page of one order: its timeline is read from what every module records of the order",
  },
  'order-desk/order-search.report.ts': {
    reads: ['leaders', 'order_lines', 'orders', 'pickup_points', 'residents'],
    why: "the desk's order search and export: orders filtered and paged with their pickup point, leader and resident",
  },
  'leader-performance/kpis.report.ts': {
    reads: [
      'aftersale_cases',
      'complaints',
      'handover_lines',
      'handovers',
      'leaders',
      'orders',
      'pickup_points',
      'pickup_verifications',
      'residents',
      'training_completions',
      'training_courses',
      'unpicked_orders',
    ],
    why: "leaders' KPIs for a period: one set-based statement over what ordering, pickup, aftersales, logistics, feedback, training, leader and identity record",
  },
  'leader-performance/ranking.report.ts': {
    reads: ['leaders', 'pickup_points'],
    why: "the period's ranking: the KPIs scored and ranked per warehouse (the leader's first pickup point's) with the leader's name",
  },
  'feedback/order-targets.report.ts': {
    reads: ['delivery_routes', 'order_lines', 'orders', 'products', 'route_stops', 'skus'],
    why: "a complaint names its target from the order: the order's leader, each line's supplier (its SKU's product) and the driver of the route that stopped at its pickup point on its pickup date",
  },
  'feedback/leader-rates.report.ts': {
    reads: ['orders'],
    why: "a leader's complaint and rating rates divide feedback's counts by the leader's picked-up orders, counted in one grouped read",
  },
  'feedback/supplier-scorecard.report.ts': {
    reads: ['purchase_order_lines', 'purchase_orders'],
    why: "the supplier scorecard: purchase orders received on time or late, lines shipped short and units rejected at receiving, grouped by supplier beside the residents' complaints and ratings",
  },
  'ordering/place-order.sql': {
    reads: ['campaigns', 'operators'],
    why: "checkout's one statement: it reserves stock only while the campaign is open and before its cutoff, and numbers the order by the operator's business day",
  },
  'ordering/place-orders.sql': {
    reads: ['campaigns', 'operators'],
    why: "checkout's one statement for a batch of orders (a flash sale's winners): the same reads as place-order.sql's, once per batch",
  },
  'settlement/pnl.report.ts': {
    reads: ['categories', 'journal_entries', 'journal_postings', 'ledger_accounts', 'products', 'skus'],
    why: "the P&L: the journal's P&L accounts summed by SKU with its product and category, and by day",
  },
  'shop/campaign-lines.report.ts': {
    reads: ['campaign_lines', 'products', 'skus'],
    why: "campaign lines as the shop and the leader app list them, the line's terms (campaign) with what is sold (catalog)",
  },
  'training/training-status.report.ts': {
    reads: ['leaders'],
    why: "every active leader's training status in one statement (required courses, attendance, a waiting point): the progress table and the KPI input",
  },
  'web/admin-dashboard.report.ts': {
    reads: ['campaign_cutoffs', 'campaigns', 'order_lines', 'orders', 'refunds'],
    why: "the operator's day at a glance: a dashboard summing orders, refunds, campaigns and failed cutoffs for one screen",
  },
  'web/leader-campaigns.report.ts': {
    reads: ['campaigns', 'order_lines', 'orders'],
    why: "a leader's campaign list: the campaigns open to the leader with what their paid orders bought of each line",
  },
  'web/leader-members.report.ts': {
    reads: ['orders', 'residents'],
    why: "a leader's member list: paid orders grouped by resident, searched and shown by the resident's name and phone, paged",
  },
};
