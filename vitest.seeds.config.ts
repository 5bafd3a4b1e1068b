import { defineConfig } from 'vitest/config';
import base from './vitest.config';

/** `npm run test:seeds`: the slow multi-seed audit checks (properties/*.seeds.ts), outside npm test. */
export default defineConfig({ test: { ...base.test, include: ['properties/**/*.seeds.ts'] } });
