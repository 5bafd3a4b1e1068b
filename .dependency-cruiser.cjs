// The import rule of src/ (npm run depcheck, run by .ci/run): no cycle anywhere, and imports only go
// down the layers of layers.json. The layers are data so that a test (properties/layers.test.ts) can
// compare them with README.md's diagram and check that every file of src/ belongs to one layer.
const { layers, reportImportsOnly } = require('./layers.json');

/** A layers.json path as a dependency-cruiser regular expression: a folder prefix or one file. */
const pattern = (p) => `^${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${p.endsWith('/') ? '' : '$'}`;
const pathsOf = (layer) => layer.paths.map(pattern);
// Unit tests beside the code (src/**/*.test.ts) are consumers, not part of their layer: a statistics
// test may draw its samples with the engine's random stream.
const TESTS = '\\.test\\.ts$';

// The top layer has nothing above it (an empty `to.path` would match every module).
const downward = layers.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer.name}`,
  comment: `${layer.name} (${layer.paths.join(' ')}) imports only from its own layer or below: ${
    layers
      .slice(0, i)
      .map((l) => l.name)
      .join(', ') || 'nothing'
  }`,
  severity: 'error',
  from: { path: pathsOf(layer), pathNot: TESTS },
  to: { path: layers.slice(i + 1).flatMap(pathsOf) },
}));

const report = layers.find((l) => l.name === 'report');
const reportMayUse = layers.filter((l) => reportImportsOnly.includes(l.name)).flatMap(pathsOf);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A cycle makes the layers meaningless and the load order fragile.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...downward,
    {
      name: 'report-building-blocks',
      comment: `src/report/ holds HTML building blocks every tool may use; it imports nothing of the project beyond ${reportImportsOnly.join(' and ')} (each tool's pages live beside the tool).`,
      severity: 'error',
      from: { path: pathsOf(report), pathNot: TESTS },
      to: { path: '^src/', pathNot: reportMayUse },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a type cycle is still a cycle between the concepts.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.mjs', '.js', '.json'] },
  },
};
