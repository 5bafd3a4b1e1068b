import { files } from 'explore:files';

/**
 * The browser's stand-in for node:fs, node:fs/promises, node:path and node:url (and, for the parts of
 * the public API a user's catalog bundles, node:crypto, node:child_process and node:os) in the explorer's
 * worker bundle: a read-only file system holding the committed PEP certificates (src/explore/build.ts
 * embeds them), so the worst-case instances the checks draw (the `pep-worst-case` generator reads its
 * certificates from disk) are built in the page exactly as on the command line. Paths are POSIX and
 * absolute under /fwa/, the checkout's place in this file system. Writing is not possible in a page:
 * every writing function throws, naming itself (the checks the page runs never write).
 */

const unavailable =
  (name: string) =>
  (..._args: unknown[]): never => {
    throw new Error(`${name} is not available in the explorer page (a read-only file system)`);
  };

function normalise(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

// node:path (POSIX)
export const sep = '/';
export const isAbsolute = (p: string): boolean => p.startsWith('/');
export const join = (...parts: string[]): string => normalise(parts.join('/'));
export const resolve = (...parts: string[]): string =>
  normalise(parts.reduce((acc, p) => (isAbsolute(p) ? p : `${acc}/${p}`), '/fwa'));
export const dirname = (p: string): string => normalise(`${p}/..`);
export const basename = (p: string): string => normalise(p).split('/').pop() ?? '';
export const relative = (from: string, to: string): string => {
  const a = normalise(from).split('/').filter(Boolean);
  const b = normalise(to).split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
};

// node:url
export const fileURLToPath = (url: string | URL): string => normalise(new URL(String(url)).pathname);
export const pathToFileURL = (path: string): URL => new URL(`file://${normalise(path)}`);

// node:fs, reading the embedded files
function notFound(path: string): Error {
  return Object.assign(new Error(`ENOENT: no such file or directory, '${path}'`), { code: 'ENOENT', path });
}
const isDirectory = (path: string): boolean => {
  const prefix = `${normalise(path)}/`;
  return Object.keys(files).some((f) => f.startsWith(prefix));
};
export function readFileSync(path: string): string {
  const text = files[normalise(path)];
  if (text === undefined) throw notFound(path);
  return text;
}
export function readdirSync(path: string): string[] {
  if (!isDirectory(path)) throw notFound(path);
  const prefix = `${normalise(path)}/`;
  const names = Object.keys(files)
    .filter((f) => f.startsWith(prefix))
    .map((f) => f.slice(prefix.length).split('/')[0]);
  return [...new Set(names)].sort();
}
export const existsSync = (path: string): boolean => normalise(path) in files || isDirectory(path);
export const readdir = async (path: string): Promise<string[]> => readdirSync(path);

// node:fs, writing: never in a page
export const closeSync = unavailable('closeSync');
export const fsyncSync = unavailable('fsyncSync');
export const ftruncateSync = unavailable('ftruncateSync');
export const fstatSync = unavailable('fstatSync');
export const openSync = unavailable('openSync');
export const renameSync = unavailable('renameSync');
export const rmSync = unavailable('rmSync');
export const writeSync = unavailable('writeSync');
export const mkdir = unavailable('mkdir');
export const mkdirSync = unavailable('mkdirSync');

// node:crypto, node:child_process, node:os: the certificate cache and the solver bridge, which a page
// never reaches (it solves nothing), but a user's catalog bundles them through the public API.
export const createHash = unavailable('createHash');
export const spawn = unavailable('spawn');
export const spawnSync = unavailable('spawnSync');
export const mkdtemp = unavailable('mkdtemp');
export const tmpdir = unavailable('tmpdir');
export const readFile = unavailable('readFile');
export const rm = unavailable('rm');
export const writeFile = unavailable('writeFile');
