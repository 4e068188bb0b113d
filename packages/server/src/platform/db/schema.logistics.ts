/** Table types of the logistics area (see the migrations that create them). */
// biome-ignore lint/suspicious/noEmptyInterface: filled as the area's tables are added
export interface LogisticsTables {}
