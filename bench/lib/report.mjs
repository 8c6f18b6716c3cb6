// The printed table and the JSON results file.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { round } from './stats.mjs';

/** product / baseline, and whether an issue-7 target (if any) is met. */
export function finishRow(scenario, row) {
  const ratio = !row.noRatio && typeof row.product === 'number' && typeof row.baseline === 'number' && row.baseline !== 0 ? round(row.product / row.baseline, 2) : null;
  let targetMet = null;
  if (row.target?.kind === 'ratio-min' && ratio !== null) targetMet = ratio >= row.target.value;
  if (row.target?.kind === 'ratio-max' && ratio !== null) targetMet = ratio <= row.target.value;
  if (row.target?.kind === 'diff-max' && typeof row.product === 'number' && typeof row.baseline === 'number') targetMet = row.product - row.baseline <= row.target.value;
  if (row.targetMetOverride !== undefined) targetMet = row.targetMetOverride;
  const { targetMetOverride, ...rest } = row;
  return { scenario, ...rest, ratio, targetMet };
}

function cell(value) {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(round(value, value >= 100 ? 1 : 2));
  return String(value);
}

export function formatTable(rows) {
  const header = ['scenario', 'metric', 'product', 'baseline', 'ratio', 'target'];
  const lines = rows.map((row) => [
    row.scenario,
    row.metric,
    cell(row.product),
    cell(row.baseline),
    row.ratio === null ? '' : `${cell(row.ratio)}×`,
    row.target ? `${row.target.text}: ${row.targetMet === null ? 'n/a' : row.targetMet ? 'met' : 'MISSED'}` : '',
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i].length)));
  const format = (line) => line.map((value, i) => (i >= 2 && i <= 4 ? value.padStart(widths[i]) : value.padEnd(widths[i]))).join('  ').trimEnd();
  return [format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(format)].join('\n');
}

/** Markdown version of the same table (for bench/README.md). */
export function formatMarkdown(rows) {
  const lines = ['| scenario | metric | product | baseline | product/baseline | target |', '| --- | --- | ---: | ---: | ---: | --- |'];
  for (const row of rows) {
    const target = row.target ? `${row.target.text}: ${row.targetMet === null ? 'n/a' : row.targetMet ? 'met' : '**missed**'}` : '';
    lines.push(`| ${row.scenario} | ${row.metric} | ${cell(row.product)} | ${cell(row.baseline)} | ${row.ratio === null ? '' : `${cell(row.ratio)}×`} | ${target} |`);
  }
  return lines.join('\n');
}

export function writeJson(path, data) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(data, null, 2)}\n`);
}
