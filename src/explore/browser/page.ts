import katex from 'katex';
import { drawCurve } from './curves';
import { varyTrial } from '../../measure/trial';
import { type Trial, type TrialOutcome } from '../../theory/check';
import { fmt } from '../../format/number';
import type {
  CertifiedValue,
  CurvePoint,
  FromWorker,
  SymbolInput,
  TheoremEntry,
  TheoremInfo,
  ToWorker,
} from '../protocol';

/**
 * The explorer page (main thread): the theorem menu, its statement with the bound in KaTeX, one input
 * per number of its trial, the numbers of the current point, and plotly curves against T and k. All
 * computing happens in the Web Worker (worker.ts); the page only renders what it answers.
 *
 * State: the theorem and the whole trial live in the URL's fragment (#theorem=…&trial=…), so a link
 * reproduces the view exactly and the back button walks through earlier views (hashchange). The
 * fragment, not the query: from file:// a page may change only its fragment in history.
 */

interface PageData {
  certified: Extract<ToWorker, { type: 'init' }>['certified'];
  catalog: string | null;
}
declare global {
  interface Window {
    /** The worker's bundled source (worker-source.js): a blob worker is the one kind file:// allows. */
    FWA_EXPLORER_WORKER: string;
  }
}

const data = JSON.parse(document.getElementById('explorer-data')!.textContent!) as PageData;
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

let entries: TheoremEntry[] = [];
/** Descriptions the worker sent, by theorem id (asked for when a theorem is first shown). */
const infos = new Map<string, TheoremInfo>();
/** The view: the theorem and the trial the inputs edit (null: a statement-only theorem). */
let current: { info: TheoremInfo; trial: Trial | null } | null = null;
/** The theorem the page shows first: the FWA convergence bound, whose certified worst cases it can draw. */
const FIRST_THEOREM = 'fwa-convergence';
let worker: Worker;
let request = 0;
/** The request the worker is still answering (0: idle), and when it last said anything. */
let inFlight = 0;
let lastHeard = 0;
const curves: Record<'T' | 'k', CurvePoint[]> = { T: [], k: [] };

/** A superseded computation that has not yielded for this long is cancelled by terminating the worker. */
const CANCEL_AFTER_MS = 150;

function startWorker(onReady?: () => void): void {
  const url = URL.createObjectURL(new Blob([window.FWA_EXPLORER_WORKER], { type: 'text/javascript' }));
  worker = new Worker(url);
  worker.onmessage = (e: MessageEvent<FromWorker>) => {
    lastHeard = performance.now();
    const m = e.data;
    if (m.type === 'ready') {
      if (entries.length === 0) setUp(m.theorems);
      onReady?.();
      return;
    }
    if (m.type === 'described') {
      infos.set(m.info.id, m.info);
      showFromHash();
      return;
    }
    if (m.request !== request) return;
    receive(m);
  };
  const init: ToWorker = { type: 'init', certified: data.certified, catalog: data.catalog };
  worker.postMessage(init);
}

function send(): void {
  if (!current?.trial) return;
  request += 1;
  const msg: ToWorker = { type: 'compute', request, theorem: current.info.id, trial: current.trial };
  clearNumbers();
  showMessage('');
  setProgress('computing the bound…');
  if (inFlight !== 0 && performance.now() - lastHeard > CANCEL_AFTER_MS) {
    // The worker is inside a long unit of a superseded request: stop it and start afresh.
    worker.terminate();
    inFlight = request;
    startWorker(() => worker.postMessage(msg));
    return;
  }
  inFlight = request;
  lastHeard = performance.now();
  worker.postMessage(msg);
}

// ------------------------------------------------------------------------------------------------
// State in the URL

function stateHash(id: string, trial: Trial | null): string {
  const p = new URLSearchParams({ theorem: id });
  if (trial) p.set('trial', JSON.stringify(trial));
  return `#${p.toString()}`;
}

/** The view a link names; a trial that is not JSON is reported (`unreadable`), and the theorem's first trial shown. */
function readHash(): { id: string; trial: Trial | null; unreadable?: string } | null {
  const p = new URLSearchParams(location.hash.slice(1));
  const id = p.get('theorem');
  if (!id) return null;
  const text = p.get('trial');
  if (!text) return { id, trial: null };
  try {
    return { id, trial: JSON.parse(text) as Trial };
  } catch (e) {
    return { id, trial: null, unreadable: (e as Error).message };
  }
}

function showFromHash(): void {
  const s = readHash();
  const entry =
    entries.find((t) => t.id === s?.id) ?? entries.find((t) => t.id === FIRST_THEOREM && t.runs) ?? entries[0];
  $<HTMLSelectElement>('theorem').value = entry.id;
  const info = infos.get(entry.id);
  if (!info) {
    // Described on first view (drawing its trials takes the worker a few ms); shown when it answers.
    const msg: ToWorker = { type: 'describe', theorem: entry.id };
    worker.postMessage(msg);
    return;
  }
  const trial = s?.id === info.id && s.trial ? s.trial : info.trial;
  current = { info, trial };
  renderStatement(info);
  renderInputs();
  if (trial) send();
  else {
    clearNumbers();
    setProgress('');
    showMessage(
      'This theorem has no check that runs the engine (a relation between bounds): only its statement is shown.',
    );
  }
  if (s?.unreadable)
    showMessage(`The link's trial is not JSON (${s.unreadable}): showing the theorem's first trial.`, 'trial');
}

function pushState(id: string, trial: Trial | null): void {
  const h = stateHash(id, trial);
  if (location.hash !== h)
    location.hash = h; // a history entry; hashchange then renders it
  else showFromHash();
}

// ------------------------------------------------------------------------------------------------
// The statement and the inputs

function setUp(list: TheoremEntry[]): void {
  entries = list;
  const sel = $<HTMLSelectElement>('theorem');
  sel.replaceChildren(
    ...list.map((t) => {
      const o = document.createElement('option');
      o.value = t.id;
      o.textContent = `${t.id} [${t.status}]${t.runs ? '' : ' (statement only)'}`;
      return o;
    }),
  );
  sel.onchange = () => pushState(sel.value, null);
  window.addEventListener('hashchange', showFromHash);
  showFromHash();
  document.body.dataset.ready = 'true';
}

function renderStatement(info: TheoremInfo): void {
  $('title').textContent = info.title;
  $('meta').replaceChildren(
    ...(
      [
        ['source', info.source],
        ['status', info.status],
        ['measures', info.measure],
        ['hypotheses', info.hypotheses.join('; ') || '–'],
      ] as const
    ).flatMap(([k, v]) => {
      const dt = document.createElement('dt');
      dt.textContent = k;
      const dd = document.createElement('dd');
      dd.textContent = v;
      return [dt, dd];
    }),
  );
  katex.render(info.tex, $('bound-tex'), { displayMode: true, throwOnError: false });
}

function renderInputs(): void {
  const box = $('inputs');
  box.replaceChildren();
  if (!current?.trial) return;
  const { info, trial } = current;
  if (info.instances.length > 1) {
    const label = document.createElement('label');
    label.textContent = 'instance ';
    const sel = document.createElement('select');
    sel.id = 'instance';
    for (const spec of info.instances) {
      const o = document.createElement('option');
      o.value = spec.generator;
      o.textContent = spec.generator;
      sel.append(o);
    }
    sel.value = trial.instance.generator;
    if (sel.value !== trial.instance.generator) {
      const o = document.createElement('option');
      o.value = o.textContent = trial.instance.generator;
      sel.append(o);
      sel.value = trial.instance.generator;
    }
    sel.onchange = () => {
      const spec = info.instances.find((s) => s.generator === sel.value)!;
      pushState(info.id, { ...trial, instance: spec });
    };
    label.append(sel);
    box.append(label);
  }
  for (const input of inputsFor(info, trial)) box.append(inputField(input, trial));
}

/** The inputs of the theorem, for the trial's instance (another generator has other parameters). */
function inputsFor(info: TheoremInfo, trial: Trial): SymbolInput[] {
  const own = info.inputs.filter((i) => i.where === 'params');
  const inst = Object.entries(trial.instance.params)
    .filter(([name, v]) => typeof v === 'number' && !(name in trial.params))
    .map(([name]): SymbolInput => {
      const known = info.inputs.find((i) => i.where === 'instance' && i.name === name);
      return (
        known ?? { name, where: 'instance', meaning: `parameter ${name} of the ${trial.instance.generator} instance` }
      );
    });
  return [...own, ...inst];
}

function inputField(input: SymbolInput, trial: Trial): HTMLElement {
  const label = document.createElement('label');
  label.title = input.meaning;
  const value = input.where === 'params' ? trial.params[input.name] : trial.instance.params[input.name];
  const field = document.createElement('input');
  field.type = 'text';
  field.inputMode = 'decimal';
  field.name = input.name;
  field.id = `in-${input.name}`;
  field.value = String(value);
  field.size = 8;
  field.onchange = () => {
    // Only "is it a number" is decided here; whether the theorem admits it (an integer T, k ≤ T, c > 0)
    // is its hypotheses' to say, in the worker, in the theorem's own words.
    const v = Number(field.value.trim());
    if (field.value.trim() === '' || !Number.isFinite(v)) {
      showMessage(`${input.name} = "${field.value}" is not a finite number (${input.meaning}).`, input.name);
      return;
    }
    if (!current?.trial) return;
    // As the audit's sweeps vary a trial: the symbol changes wherever the trial names it (T of Harvey's instance too).
    pushState(current.info.id, varyTrial(current.trial, { [input.name]: v }));
  };
  label.append(`${input.name} `, field);
  return label;
}

// ------------------------------------------------------------------------------------------------
// What the worker answers

function receive(m: FromWorker): void {
  switch (m.type) {
    case 'invalid':
      inFlight = 0;
      setProgress('');
      showMessage(`Outside the theorem's hypotheses: ${m.message}`, m.hypothesis);
      return;
    case 'error':
      inFlight = 0;
      setProgress('');
      showMessage(`The check threw an error (an error of the check, not a verdict): ${m.message}`, 'error');
      return;
    case 'bound':
      setNumber('bound', m.bound, m.bound === null ? 'computed with the run' : 'the registry’s expression');
      $('scope').dataset.scope = JSON.stringify(m.scope);
      $('scope').textContent = Object.entries(m.scope)
        .map(([k, v]) => `${k} = ${fmt(v, 6)}`)
        .join(', ');
      showCertified(m.certified);
      setProgress('running the engine…');
      return;
    case 'outcome':
      showOutcome(m.outcome, m.replay, m.ms);
      if (curves.T.length + curves.k.length === 0) {
        inFlight = 0;
        setProgress('');
      }
      return;
    case 'curve':
      curves[m.axis] = m.points;
      drawCurve($(`plot-${m.axis}`), m.axis, m.points, current?.trial?.params[m.axis]);
      if (m.done < m.total) setProgress(`curve against ${m.axis}: ${m.done} of ${m.total} points run`);
      else if (m.axis === 'k' || curves.k.length === 0 || current?.trial?.params.k === undefined) {
        inFlight = 0;
        setProgress('');
      }
      return;
    default:
      return;
  }
}

function clearNumbers(): void {
  for (const id of ['bound', 'certified', 'measured', 'ratio']) setNumber(id, null, '');
  $('verdict').textContent = '–';
  $('verdict').className = 'verdict';
  $('replay').textContent = '';
  $('scope').textContent = '';
  curves.T = [];
  curves.k = [];
}

function setNumber(id: string, v: number | null, note: string): void {
  const el = $(id);
  el.dataset.value = v === null ? '' : String(v);
  el.querySelector('b')!.textContent = fmt(v, 6);
  el.querySelector('small')!.textContent = note;
}

function showCertified(c: CertifiedValue | null): void {
  const el = $('certified');
  el.dataset.certificate = c?.certificate ?? '';
  if (!c) return setNumber('certified', null, 'no committed certificate at this point');
  setNumber('certified', c.lower, `certified worst case, ≤ ${fmt(c.upper, 10)} (${c.certificate})`);
}

function showOutcome(o: TrialOutcome, replay: string, ms: number): void {
  const basis =
    o.basis.kind === 'sampled'
      ? `sampled: ${o.basis.method}, level ${o.basis.level}, ${o.basis.samples} runs`
      : `${o.basis.kind}: ${o.basis.detail}`;
  const ci = o.ci ? `; interval [${fmt(o.ci.lower, 6)}, ${fmt(o.ci.upper, 6)}]` : '';
  setNumber('measured', o.measured, `${basis}${ci}; ${ms.toFixed(0)} ms`);
  setNumber('bound', o.bound, 'the registry’s expression');
  setNumber('ratio', o.ratio, 'measured / bound');
  const finding = o.verdict === 'violated' && current?.info.status === 'paper-reading';
  const word = finding ? 'finding' : o.verdict;
  $('verdict').textContent = word;
  $('verdict').className = `verdict ${word}`;
  $('replay').textContent = replay;
}

function showMessage(text: string, hypothesis = ''): void {
  const el = $('message');
  el.textContent = text;
  el.dataset.hypothesis = hypothesis;
  el.hidden = text === '';
}

function setProgress(text: string): void {
  const el = $('progress');
  el.textContent = text;
  el.hidden = text === '';
}

startWorker();
