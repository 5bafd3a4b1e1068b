import { defineConfig } from 'vitest/config';
import base from './vitest.config';

/** `npm run test:docs`: every documentation transcript, the slow ones included (properties/*.docs.ts). */
export default defineConfig({ test: { ...base.test, include: ['properties/**/*.docs.ts'] } });
