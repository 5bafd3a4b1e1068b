import type { PropertyResult } from '../measure/property';
import type { Trial } from '../theory/check';
import type { Profile } from '../profile';

/** What the host of `fwa-theorems check` sends its worker thread (as workerData). */
export interface PropertyTask {
  /** The catalog module specifier (src/audit/catalog.ts). */
  catalog: string;
  theorem: string;
  profile: Profile;
  path?: string;
}

/** The property's result without the theorem value (functions do not cross threads). */
export type PropertyData = Omit<PropertyResult, 'theorem'>;

/** From the worker: each trial as it starts, then the result. */
export type PropertyMessage = { type: 'trial'; trial: Trial } | { type: 'result'; result: PropertyData };
