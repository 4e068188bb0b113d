import { z } from 'zod';
import { Id, Latitude, Longitude, Timestamp } from './common.ts';

export const MyPickupPoint = z.object({
  id: Id,
  name: z.string(),
  address: z.string(),
  lat: Latitude,
  lng: Longitude,
  openingHours: z.string(),
  status: z.enum(['open', 'closed']),
});

export const LeaderProfile = z.object({
  id: Id,
  phone: z.string(),
  name: z.string(),
  status: z.enum(['active', 'suspended']),
  level: z.number().int(),
  createdAt: Timestamp,
  pickupPoints: z.array(MyPickupPoint),
});
export type LeaderProfile = z.infer<typeof LeaderProfile>;
