import type { PrincipalKind, Timestamp } from './schema.ts';

/** Table types of what the web apps added (migration 0009). */

export type UploadContentType = 'image/jpeg' | 'image/png' | 'image/webp';

export interface UploadsTable {
  id: string;
  operator_id: string;
  uploaded_by_kind: PrincipalKind;
  uploaded_by_id: string;
  content_type: UploadContentType;
  size: number;
  sha256: string;
  /** Written as a Buffer; read as a Buffer (PostgreSQL) or a Uint8Array (PGlite). */
  data: Uint8Array;
  created_at: Timestamp;
}

export interface WebTables {
  uploads: UploadsTable;
}
