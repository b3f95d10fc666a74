import { describe, expect, it } from 'vitest';
import {
  aimMet,
  formatTable,
  makeFigure,
  median,
  p95,
  percentile,
  ratio,
  resultsShapeErrors,
  type BenchResults,
} from '../../../scripts/bench/stats.js';

describe('median', () => {
  it('takes the middle sample of an odd count, whatever the order', () => {
    expect(median([9, 1, 5])).toBe(5);
  });
  it('averages the two middle samples of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('refuses no samples and non-finite samples', () => {
    expect(() => median([])).toThrow(RangeError);
    expect(() => median([1, Number.NaN])).toThrow(RangeError);
  });
  it('does not reorder the caller’s array', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('p95 (nearest rank)', () => {
  it('is the 95th of 100 samples 1..100', () => {
    expect(p95(Array.from({ length: 100 }, (_, i) => 100 - i))).toBe(95);
  });
  it('is the largest sample when there are fewer than 20', () => {
    expect(p95([1, 2, 3, 50])).toBe(50);
  });
  it('is always one of the samples', () => {
    const values = [1.5, 7.25, 3, 12, 4];
    expect(values).toContain(percentile(values, 60));
  });
  it('refuses a percentile outside (0, 100]', () => {
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});

describe('ratio and aims', () => {
  it('divides by the baseline', () => {
    expect(ratio(30, 20)).toBe(1.5);
  });
  it('gives null for a zero baseline instead of Infinity', () => {
    expect(ratio(5, 0)).toBeNull();
  });
  it('meets a ratio aim at the boundary and not above it', () => {
    expect(aimMet({ maxRatio: 1.5 }, 30, 1.5)).toBe(true);
    expect(aimMet({ maxRatio: 1.5 }, 31, 1.55)).toBe(false);
    expect(aimMet({ maxRatio: 1.5 }, 1, null)).toBe(false);
  });
  it('meets a value aim on the median', () => {
    expect(aimMet({ maxValue: 40 }, 39.9, null)).toBe(true);
    expect(aimMet({ maxValue: 40 }, 40.1, null)).toBe(false);
  });
});

describe('makeFigure', () => {
  const figure = makeFigure({
    id: 'x',
    title: 'X',
    unit: 'ms',
    values: [10, 12, 11, 30],
    baseline: { what: 'bare', values: [8, 8, 9] },
    withP95: true,
    aim: { maxRatio: 1.2 },
    notes: 'n',
  });
  it('pairs the median with the baseline median and their ratio', () => {
    expect(figure.median).toBe(11.5);
    expect(figure.baseline).toEqual({ what: 'bare', median: 8 });
    expect(figure.ratio).toBe(1.438);
  });
  it('reports the aim as not met without failing', () => {
    expect(figure.aim).toBe('≤ 1.2× baseline');
    expect(figure.met).toBe(false);
  });
  it('keeps p95, the sample count and the samples', () => {
    expect(figure.p95).toBe(30);
    expect(figure.samples).toBe(4);
    expect(figure.values).toEqual([10, 12, 11, 30]);
  });
  it('leaves out p95 and aim when not asked', () => {
    const plain = makeFigure({
      id: 'y',
      title: 'Y',
      unit: 'KB',
      values: [1],
      baseline: { what: 'b', values: [2] },
    });
    expect(plain).not.toHaveProperty('p95');
    expect(plain).not.toHaveProperty('aim');
    expect(plain).not.toHaveProperty('met');
  });
});

describe('results JSON shape', () => {
  const valid = (): BenchResults => ({
    generatedAt: '2025-01-01T00:00:00.000Z',
    machine: { cpus: 2, node: 'v20.0.0', chromium: 'Chromium 156' },
    durationSeconds: 100,
    figures: [
      makeFigure({ id: 'a', title: 'A', unit: 'ms', values: [1, 2], baseline: { what: 'b', values: [1] } }),
      makeFigure({
        id: 'b',
        title: 'B',
        unit: 'KB',
        values: [3],
        baseline: { what: 'budget', values: [40] },
        aim: { maxValue: 40 },
      }),
    ],
  });
  it('accepts what makeFigure produces', () => {
    expect(resultsShapeErrors(valid())).toEqual([]);
  });
  it('survives a JSON round trip unchanged', () => {
    const results = valid();
    expect(resultsShapeErrors(JSON.parse(JSON.stringify(results)))).toEqual([]);
  });
  it('names what is wrong', () => {
    const broken = valid() as unknown as { figures: Record<string, unknown>[]; machine: unknown };
    broken.figures[0]!.median = 'fast';
    broken.figures[1]!.id = 'a';
    delete broken.figures[1]!.met;
    broken.machine = { cpus: 2 };
    expect(resultsShapeErrors(broken)).toEqual([
      'machine',
      'figures[0].median',
      'figures[1].id duplicate',
      'figures[1].aim/met come together',
    ]);
  });
  it('refuses a non-object', () => {
    expect(resultsShapeErrors(null)).toEqual(['results is not an object']);
  });
});

describe('formatTable', () => {
  it('prints one row per figure with the aim’s verdict', () => {
    const table = formatTable([
      makeFigure({
        id: 'a',
        title: 'Host start',
        unit: 'ms',
        values: [60],
        baseline: { what: 'bare node', values: [40] },
        aim: { maxRatio: 1.5 },
      }),
    ]);
    const lines = table.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain('Host start');
    expect(lines[2]).toContain('1.5×');
    expect(lines[2]).toContain('≤ 1.5× baseline: met');
  });
});
