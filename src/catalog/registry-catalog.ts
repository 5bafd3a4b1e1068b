import { registry } from '../theory/registry';
import type { Catalog } from './catalog';

/** The catalog of the real registry: whatever it holds when the audit runs. */
export const catalog: Catalog = { theorems: registry };
