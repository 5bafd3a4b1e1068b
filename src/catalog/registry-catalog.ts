import { registry } from './registry';
import type { Catalog } from './load';

/** The catalog of the real registry: whatever it holds when the audit runs. */
export const catalog: Catalog = { theorems: registry };
