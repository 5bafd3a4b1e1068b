import { defineConfig } from 'vitest/config';
import base from './vitest.config';

/** `npm run test:pep-large`: verifies every certificate of the large PEP grid (certificates/pep-large/), outside npm test. */
export default defineConfig({ test: { ...base.test, include: ['properties/**/*.pep-large.ts'] } });
