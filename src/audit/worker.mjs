// Worker threads start without tsx's loader: register it, then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
const { default: runTask } = await import('./worker.ts');
export default runTask;
