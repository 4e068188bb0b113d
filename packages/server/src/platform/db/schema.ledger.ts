/** Table types of the ledger area (see the migrations that create them). */
// biome-ignore lint/suspicious/noEmptyInterface: filled as the area's tables are added
export interface LedgerTables {}
