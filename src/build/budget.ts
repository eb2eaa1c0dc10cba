import { formatBytes } from '../model/bytes.js';
import { SizeBudgetExceededError } from '../errors.js';

export interface BuiltImage {
  service: string;
  image: string;
  sizeBytes: number;
  layers: number;
  buildMs: number;
  builder?: 'buildkit' | 'legacy';
  /** Dockerfile steps and how many came from the cache (BuildKit builds). */
  steps?: number;
  cachedSteps?: number;
  budgetBytes?: number;
  target?: string;
}

/** Throws when any image is larger than its budget, naming each with both sizes. */
export function checkBudgets(images: BuiltImage[]): void {
  const over = images
    .filter((i) => i.budgetBytes !== undefined && i.sizeBytes > i.budgetBytes)
    .map((i) => ({
      service: i.service,
      image: i.image,
      sizeBytes: i.sizeBytes,
      budgetBytes: i.budgetBytes!,
      size: formatBytes(i.sizeBytes),
      budget: formatBytes(i.budgetBytes!),
    }));
  if (over.length) throw new SizeBudgetExceededError(over);
}

export function budgetCell(image: BuiltImage): string {
  if (image.budgetBytes === undefined) return '';
  const share = Math.round((image.sizeBytes / image.budgetBytes) * 100);
  return `${formatBytes(image.budgetBytes)} (${share}%${image.sizeBytes > image.budgetBytes ? ', OVER' : ''})`;
}
