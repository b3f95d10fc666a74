// Statistics and the results shape of `npm run bench`. Pure: unit-tested in test/unit/bench/.
// Every figure carries a baseline measured in the same run, because this machine is noisy:
// the ratio is what can be compared between runs, the absolute value only within one.

export interface Aim {
  /** The figure meets its aim when ratio ≤ maxRatio (e.g. 1.5 = "at most 1.5× the baseline"). */
  maxRatio?: number;
  /** …or when the median ≤ maxValue (in the figure's unit). */
  maxValue?: number;
}

export interface Figure {
  id: string;
  title: string;
  unit: string;
  median: number;
  p95?: number;
  baseline: { what: string; median: number };
  /** median / baseline.median; null when the baseline is 0 (no meaningful ratio). */
  ratio: number | null;
  aim?: string;
  met?: boolean;
  /** How many measurements the median is taken over. */
  samples: number;
  /** The measurements themselves, rounded, so a reader can see the spread. */
  values: number[];
  notes: string;
}

export interface BenchResults {
  generatedAt: string;
  machine: { cpus: number; node: string; chromium: string };
  durationSeconds: number;
  figures: Figure[];
}

export interface FigureInput {
  id: string;
  title: string;
  unit: string;
  values: readonly number[];
  baseline: { what: string; values: readonly number[] };
  withP95?: boolean;
  aim?: Aim;
  notes?: string;
}

function sorted(values: readonly number[]): number[] {
  if (values.length === 0) throw new RangeError('no samples');
  if (values.some((v) => !Number.isFinite(v))) throw new RangeError('a sample is not a finite number');
  return [...values].sort((a, b) => a - b);
}

export function median(values: readonly number[]): number {
  const s = sorted(values);
  const middle = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[middle]! : (s[middle - 1]! + s[middle]!) / 2;
}

/** Nearest-rank percentile: always one of the samples, never an interpolation between two. */
export function percentile(values: readonly number[], p: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError('percentile must be in (0, 100]');
  const s = sorted(values);
  return s[Math.ceil((p / 100) * s.length) - 1]!;
}

export const p95 = (values: readonly number[]): number => percentile(values, 95);

export function ratio(value: number, baseline: number): number | null {
  if (!Number.isFinite(value) || !Number.isFinite(baseline) || baseline === 0) return null;
  return value / baseline;
}

/** Rounds to `digits` significant decimals the way a table should show them. */
export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function describeAim(aim: Aim, unit: string): string {
  const parts: string[] = [];
  if (aim.maxRatio !== undefined) parts.push(`≤ ${aim.maxRatio}× baseline`);
  if (aim.maxValue !== undefined) parts.push(`≤ ${aim.maxValue} ${unit}`);
  return parts.join(' and ');
}

export function aimMet(aim: Aim, value: number, figureRatio: number | null): boolean {
  const ratioOk = aim.maxRatio === undefined || (figureRatio !== null && figureRatio <= aim.maxRatio);
  const valueOk = aim.maxValue === undefined || value <= aim.maxValue;
  return ratioOk && valueOk;
}

export function makeFigure(input: FigureInput): Figure {
  const value = median(input.values);
  const base = median(input.baseline.values);
  const figureRatio = ratio(value, base);
  const figure: Figure = {
    id: input.id,
    title: input.title,
    unit: input.unit,
    median: round(value),
    baseline: { what: input.baseline.what, median: round(base) },
    ratio: figureRatio === null ? null : round(figureRatio, 3),
    samples: input.values.length,
    values: input.values.map((v) => round(v)),
    notes: input.notes ?? '',
  };
  if (input.withP95) figure.p95 = round(p95(input.values));
  if (input.aim) {
    figure.aim = describeAim(input.aim, input.unit);
    figure.met = aimMet(input.aim, value, figureRatio);
  }
  return figure;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The problems with a results object; empty when it has the documented shape. */
export function resultsShapeErrors(value: unknown): string[] {
  const errors: string[] = [];
  if (value === null || typeof value !== 'object') return ['results is not an object'];
  const r = value as Record<string, unknown>;
  if (!isString(r.generatedAt) || Number.isNaN(Date.parse(r.generatedAt))) errors.push('generatedAt');
  const machine = r.machine as Record<string, unknown> | undefined;
  if (!machine || !isNumber(machine.cpus) || !isString(machine.node) || !isString(machine.chromium))
    errors.push('machine');
  if (!Array.isArray(r.figures)) return [...errors, 'figures'];
  const ids = new Set<string>();
  r.figures.forEach((f: unknown, i) => {
    const where = `figures[${i}]`;
    if (f === null || typeof f !== 'object') return errors.push(`${where} is not an object`);
    const fig = f as Record<string, unknown>;
    for (const key of ['id', 'title', 'unit', 'notes'] as const)
      if (!isString(fig[key])) errors.push(`${where}.${key}`);
    if (isString(fig.id)) {
      if (ids.has(fig.id)) errors.push(`${where}.id duplicate`);
      ids.add(fig.id);
    }
    if (!isNumber(fig.median)) errors.push(`${where}.median`);
    if (fig.p95 !== undefined && !isNumber(fig.p95)) errors.push(`${where}.p95`);
    const baseline = fig.baseline as Record<string, unknown> | undefined;
    if (!baseline || !isString(baseline.what) || !isNumber(baseline.median)) errors.push(`${where}.baseline`);
    if (fig.ratio !== null && !isNumber(fig.ratio)) errors.push(`${where}.ratio`);
    if (!isNumber(fig.samples) || fig.samples < 1) errors.push(`${where}.samples`);
    if ((fig.aim === undefined) !== (fig.met === undefined)) errors.push(`${where}.aim/met come together`);
    if (fig.met !== undefined && typeof fig.met !== 'boolean') errors.push(`${where}.met`);
    return undefined;
  });
  return errors;
}

function cell(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2).replace(/\.?0+$/, '');
}

/** The printed table: one line per figure, the aim's verdict beside the result (never a failure). */
export function formatTable(figures: readonly Figure[]): string {
  const header = ['figure', 'median', 'p95', 'baseline', 'ratio', 'aim', 'n'];
  const rows = figures.map((f) => [
    f.title,
    `${cell(f.median)} ${f.unit}`,
    f.p95 === undefined ? '–' : `${cell(f.p95)} ${f.unit}`,
    `${cell(f.baseline.median)} (${f.baseline.what})`,
    f.ratio === null ? '–' : `${f.ratio < 10 ? f.ratio.toFixed(3) : f.ratio.toFixed(1)}×`,
    f.aim === undefined ? '–' : `${f.aim}: ${f.met ? 'met' : 'not met'}`,
    String(f.samples),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' │ ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...rows.map(line)].join('\n');
}
