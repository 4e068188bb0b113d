import type { Model } from '../model.ts';

/**
 * Reads a Solomon VRPTW file: the depot's window becomes the vehicles' shift, travel is
 * unrounded Euclidean with travel time equal to distance, and the fleet is the file's
 * vehicle count. Stop ids are the customer numbers.
 */
export function readSolomon(text: string): { name: string; model: Model } {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const name = lines[0] ?? '';
  const vehicleLine = lines.findIndex((l) => /^NUMBER\s+CAPACITY/i.test(l));
  const [count, capacity] = lines[vehicleLine + 1]!.split(/\s+/).map(Number);
  const rows = lines.filter((l) => /^\d+(\s+[\d.]+){6}$/.test(l)).map((l) => l.split(/\s+/).map(Number));
  const depot = rows.find((r) => r[0] === 0);
  if (!depot) throw new Error('Solomon file has no depot (customer 0)');
  return {
    name,
    model: {
      depots: [{ id: '0', position: { x: depot[1]!, y: depot[2]! } }],
      stops: rows
        .filter((r) => r[0] !== 0)
        .map((r) => ({
          id: String(r[0]),
          position: { x: r[1]!, y: r[2]! },
          demand: [r[3]!],
          timeWindow: [r[4]!, r[5]!] as [number, number],
          serviceTime: r[6]!,
        })),
      vehicleTypes: [{ id: 'vehicle', count, capacity: [capacity!], startDepot: '0', shiftStart: depot[4]!, shiftEnd: depot[5]! }],
      travel: { kind: 'euclidean', round: false },
    },
  };
}
