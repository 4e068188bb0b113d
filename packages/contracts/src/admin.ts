import { z } from 'zod';
import {
  DateOnly,
  Fen,
  Id,
  ImageUrl,
  Int32,
  Latitude,
  Longitude,
  PageQuery,
  Phone,
  StaffRole,
  TemperatureClass,
  Timestamp,
  pageOf,
} from './common.ts';

const Name = z.string().trim().min(1).max(100);
const Text = z.string().max(4000);
/** Query-string booleans arrive as text. */
const QueryBool = z.enum(['true', 'false']);

// ---- catalog ----

export const Category = z.object({ id: Id, name: z.string(), parentId: Id.nullable(), sort: z.number().int(), createdAt: Timestamp });
export type Category = z.infer<typeof Category>;
export const CategoryPage = pageOf(Category);
export const CreateCategory = z.strictObject({ name: Name, parentId: Id.nullable().default(null), sort: Int32.default(0) });
export type CreateCategory = z.input<typeof CreateCategory>;
export const UpdateCategory = z.strictObject({
  name: Name.optional(),
  parentId: Id.nullable().optional(),
  sort: Int32.optional(),
});
export type UpdateCategory = z.infer<typeof UpdateCategory>;

export const Supplier = z.object({
  id: Id,
  name: z.string(),
  contactName: z.string(),
  phone: z.string().describe("the supplier's login phone"),
  active: z.boolean(),
  createdAt: Timestamp,
});
export type Supplier = z.infer<typeof Supplier>;
export const SupplierPage = pageOf(Supplier);
export const SupplierListQuery = PageQuery.extend({ name: z.string().max(100).optional().describe('part of the name') });
export const CreateSupplier = z.strictObject({ name: Name, contactName: z.string().max(100).default(''), phone: Phone });
export type CreateSupplier = z.input<typeof CreateSupplier>;
export const UpdateSupplier = z.strictObject({
  name: Name.optional(),
  contactName: z.string().max(100).optional(),
  phone: Phone.optional(),
  active: z.boolean().optional(),
});
export type UpdateSupplier = z.infer<typeof UpdateSupplier>;

export const Sku = z.object({
  id: Id,
  productId: Id,
  spec: z.string().describe("e.g. '500g', '5 kg box'"),
  unit: z.string().describe("what one is sold as, e.g. '份', '箱'"),
  barcode: z.string().nullable(),
  images: z.array(ImageUrl),
  costPriceFen: Fen,
  listPriceFen: Fen,
  weightG: z.number().int(),
  volumeMl: z.number().int(),
  active: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Sku = z.infer<typeof Sku>;
const SkuFields = {
  spec: Name,
  unit: z.string().trim().min(1).max(20),
  barcode: z.string().trim().min(1).max(64).nullable(),
  images: z.array(ImageUrl).max(20),
  costPriceFen: Fen.min(0),
  listPriceFen: Fen.positive(),
  weightG: z.number().int().min(0).max(1_000_000),
  volumeMl: z.number().int().min(0).max(10_000_000),
};
export const CreateSku = z.strictObject({ ...SkuFields, barcode: SkuFields.barcode.default(null), images: SkuFields.images.default([]) });
export type CreateSku = z.input<typeof CreateSku>;
export const UpdateSku = z.strictObject({ ...SkuFields, active: z.boolean() }).partial();
export type UpdateSku = z.infer<typeof UpdateSku>;

export const Product = z.object({
  id: Id,
  categoryId: Id,
  supplierId: Id,
  name: z.string(),
  description: z.string(),
  images: z.array(ImageUrl),
  temperatureClass: TemperatureClass,
  shelfLifeDays: z.number().int(),
  active: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Product = z.infer<typeof Product>;
export const ProductWithSkus = Product.extend({ skus: z.array(Sku) });
export type ProductWithSkus = z.infer<typeof ProductWithSkus>;
export const ProductPage = pageOf(Product);
export const ProductListQuery = PageQuery.extend({
  categoryId: Id.optional(),
  supplierId: Id.optional(),
  name: z.string().max(100).optional().describe('part of the name'),
  active: QueryBool.optional(),
});
const ProductFields = {
  categoryId: Id,
  supplierId: Id,
  name: Name,
  description: Text,
  images: z.array(ImageUrl).max(20),
  temperatureClass: TemperatureClass,
  shelfLifeDays: z.number().int().min(1).max(3650),
};
export const CreateProduct = z.strictObject({ ...ProductFields, description: Text.default(''), images: ProductFields.images.default([]) });
export type CreateProduct = z.input<typeof CreateProduct>;
export const UpdateProduct = z.strictObject({ ...ProductFields, active: z.boolean() }).partial();
export type UpdateProduct = z.infer<typeof UpdateProduct>;

// ---- campaigns (团购活动) ----

export const CampaignStatus = z.enum(['draft', 'scheduled', 'open', 'closed', 'cancelled']);
export type CampaignStatus = z.infer<typeof CampaignStatus>;
export const LeaderScope = z.union([z.literal('all'), z.array(Id).min(1).max(5000)]).describe("'all' leaders, or a list of leader ids");
/**
 * The scope as stored: a list can be empty (a campaign whose leader list was lost sells nowhere),
 * which the list and detail answers show as it is instead of failing the whole answer.
 */
export const LeaderScopeView = z
  .union([z.literal('all'), z.array(Id)])
  .describe("'all' leaders, or the list of leader ids (empty: the campaign is offered to no leader)");

export const CampaignLineInput = z.strictObject({
  skuId: Id,
  groupPriceFen: Fen.positive(),
  stockTotal: z.number().int().min(0).max(10_000_000).nullable().describe('null for unlimited presale'),
  perResidentLimit: z.number().int().min(1).max(9999).nullable().describe('null for no limit'),
});
export type CampaignLineInput = z.infer<typeof CampaignLineInput>;

export const CreateCampaign = z.strictObject({
  title: Name,
  description: Text.default(''),
  opensAt: Timestamp,
  cutoffAt: Timestamp,
  pickupDate: DateOnly,
  minTotalQuantity: z.number().int().min(0).max(10_000_000).default(0).describe('the group fails below this many units in total'),
  leaderScope: LeaderScope.default('all'),
  lines: z.array(CampaignLineInput).min(1).max(200),
});
export type CreateCampaign = z.input<typeof CreateCampaign>;

export const UpdateCampaign = z
  .strictObject({
    title: Name,
    description: Text,
    opensAt: Timestamp,
    cutoffAt: Timestamp,
    pickupDate: DateOnly,
    minTotalQuantity: z.number().int().min(0).max(10_000_000),
    leaderScope: LeaderScope,
    lines: z.array(CampaignLineInput).min(1).max(200).describe('replaces the lines; while open only stockTotal may rise'),
  })
  .partial()
  .describe(
    'draft/scheduled: anything; open: title, description, the cutoff (later, or earlier but still ahead: residents with unpaid orders are told), more stock, more leaders; closed/cancelled: nothing',
  );
export type UpdateCampaign = z.infer<typeof UpdateCampaign>;

export const CancelCampaign = z.strictObject({ reason: z.string().trim().min(1).max(200) });

export const CampaignLine = z.object({
  id: Id,
  skuId: Id,
  productName: z.string(),
  spec: z.string(),
  unit: z.string(),
  groupPriceFen: Fen,
  listPriceFen: Fen,
  stockTotal: z.number().int().nullable(),
  reserved: z.number().int(),
  stockLeft: z.number().int().nullable().describe('null for unlimited presale'),
  perResidentLimit: z.number().int().nullable(),
});
export type CampaignLine = z.infer<typeof CampaignLine>;

export const CampaignSummary = z.object({
  id: Id,
  title: z.string(),
  description: z.string(),
  status: CampaignStatus,
  opensAt: Timestamp,
  cutoffAt: Timestamp,
  pickupDate: DateOnly,
  minTotalQuantity: z.number().int(),
  leaderScope: LeaderScopeView,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  closedAt: Timestamp.nullable(),
  cancelledAt: Timestamp.nullable(),
  cancelReason: z.string().nullable(),
});
export type CampaignSummary = z.infer<typeof CampaignSummary>;
export const Campaign = CampaignSummary.extend({ lines: z.array(CampaignLine) });
export type Campaign = z.infer<typeof Campaign>;
export const CampaignPage = pageOf(CampaignSummary);
export const CampaignListQuery = PageQuery.extend({ status: CampaignStatus.optional(), pickupDate: DateOnly.optional() });

// ---- leaders (团长) and pickup points ----

export const LeaderStatus = z.enum(['active', 'suspended']);
export const Leader = z.object({
  id: Id,
  phone: z.string().describe('masked: 138****1234; POST /api/v1/admin/personal-data/reveal shows it in full (admin, support)'),
  name: z.string(),
  status: LeaderStatus,
  level: z.number().int(),
  createdAt: Timestamp,
});
export type Leader = z.infer<typeof Leader>;
export const LeaderPage = pageOf(Leader);
export const LeaderListQuery = PageQuery.extend({
  status: LeaderStatus.optional(),
  name: z.string().max(100).optional().describe('part of the name'),
  phone: z
    .string()
    .regex(/^\d{1,4}$/, 'the last digits of the phone, up to 4 (the digits shown)')
    .optional()
    .describe('the end of the phone: up to its last 4 digits, the digits a masked phone shows'),
});
export const CreateLeader = z.strictObject({ phone: Phone, name: Name, level: z.number().int().min(1).max(100).default(1) });
export type CreateLeader = z.input<typeof CreateLeader>;
export const UpdateLeader = z.strictObject({
  name: Name.optional(),
  status: LeaderStatus.optional(),
  level: z.number().int().min(1).max(100).optional(),
});
export type UpdateLeader = z.infer<typeof UpdateLeader>;

export const PickupPointStatus = z.enum(['open', 'closed']);
export const PickupPoint = z.object({
  id: Id,
  leaderId: Id,
  name: z.string(),
  address: z.string(),
  lat: Latitude,
  lng: Longitude,
  openingHours: z.string(),
  status: PickupPointStatus,
  createdAt: Timestamp,
  warehouseId: Id.nullable()
    .default(null)
    .describe(
      'the warehouse staff assigned it to; null: served from the default warehouse, or the nearest when the delivery settings say so',
    ),
  deliveryFrom: z
    .string()
    .nullable()
    .default(null)
    .describe('deliveries no earlier than this time of day (HH:MM, operator time); null: any time'),
  deliveryUntil: z.string().nullable().default(null).describe('deliveries no later than this time of day; null: the plan’s deadline only'),
});
export type PickupPoint = z.infer<typeof PickupPoint>;
export const PickupPointPage = pageOf(PickupPoint);
export const LeaderWithPickupPoints = Leader.extend({
  pickupPoints: z.array(PickupPoint),
  ordersToServe: z
    .number()
    .int()
    .describe(
      'paid orders at their pickup points not yet picked up: still to deliver and hand out. A suspended leader’s points take no new orders; these stay to serve',
    ),
});
export type LeaderWithPickupPoints = z.infer<typeof LeaderWithPickupPoints>;
export const PickupPointListQuery = PageQuery.extend({
  leaderId: Id.optional(),
  status: PickupPointStatus.optional(),
  warehouseId: Id.optional().describe('the points this warehouse serves (assigned to it, or by the delivery settings)'),
});
const PickupPointFields = {
  name: Name,
  address: z.string().trim().min(1).max(300),
  lat: Latitude,
  lng: Longitude,
  openingHours: z.string().max(200).describe("free text, e.g. '08:00-20:00'"),
};
const DeliveryTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM')
  .nullable()
  .describe('a time of day (HH:MM, operator time) bounding when deliveries reach the point; null: none');
const PointWarehouse = Id.nullable().describe(
  'the warehouse that serves it: one of the operator’s active warehouses (NOT_FOUND, WAREHOUSE_INACTIVE); null: the default, or the nearest by the delivery settings',
);
export const CreatePickupPoint = z.strictObject({
  ...PickupPointFields,
  openingHours: PickupPointFields.openingHours.default(''),
  warehouseId: PointWarehouse.optional(),
  deliveryFrom: DeliveryTime.optional(),
  deliveryUntil: DeliveryTime.optional(),
});
export type CreatePickupPoint = z.input<typeof CreatePickupPoint>;
export const UpdatePickupPoint = z
  .strictObject({
    ...PickupPointFields,
    status: PickupPointStatus,
    warehouseId: PointWarehouse,
    deliveryFrom: DeliveryTime,
    deliveryUntil: DeliveryTime,
  })
  .partial();
export type UpdatePickupPoint = z.infer<typeof UpdatePickupPoint>;

// ---- staff ----

export const Staff = z.object({
  id: Id,
  phone: z.string(),
  name: z.string(),
  roles: z.array(StaffRole),
  active: z.boolean(),
  createdAt: Timestamp,
});
export type Staff = z.infer<typeof Staff>;
export const StaffPage = pageOf(Staff);
export const StaffListQuery = PageQuery.extend({ active: QueryBool.optional() });
export const CreateStaff = z.strictObject({ phone: Phone, name: Name, roles: z.array(StaffRole).min(1) });
export type CreateStaff = z.infer<typeof CreateStaff>;
export const UpdateStaff = z.strictObject({
  name: Name.optional(),
  roles: z.array(StaffRole).min(1).optional(),
  active: z.boolean().optional(),
});
export type UpdateStaff = z.infer<typeof UpdateStaff>;
