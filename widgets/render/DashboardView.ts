import * as blessed from 'blessed';
import * as contrib from 'blessed-contrib';
import type { DashboardState } from '../DashboardState';
import { BATCH_DROP_FIRST, BATCH_HEADERS, RECEIVER_DROP_FIRST, RECEIVER_HEADERS, batchTableRows, chartLabels, chartSeries, clip, logLines, receiverTableRows, statusLine, tapLines } from './formatPanels';
import { textTable } from './textTable';

/** Below this the panels cannot be laid out; a message says so instead. */
export const MIN_COLS = 80;
export const MIN_ROWS = 24;
/** Charts narrower than this (in columns) show no legend. */
const LEGEND_MIN_CHART_COLS = 40;

interface Panels {
  records: contrib.LineElement;
  processing: contrib.LineElement;
  delays: contrib.LineElement;
  tap: blessed.Widgets.BoxElement;
  batches: blessed.Widgets.BoxElement;
  receivers: blessed.Widgets.BoxElement;
  log: blessed.Widgets.BoxElement;
  status: blessed.Widgets.BoxElement;
}

/**
 * Places the dashboard's panels on a blessed screen and draws a DashboardState into them:
 *
 *   ┌ records/batch ┐┌ processing time ┐┌ sched/total delay ┐
 *   ┌ tap (top k) ──────────┐┌ recent batches ───────────────┐
 *   ┌ receivers ─────┐┌ print() output and errors ───────────┐
 *   status line (app, state, interval, totals, keys)
 *
 * why rebuild on resize: blessed-contrib sizes a chart's canvas once, when attached.
 */
export class DashboardView {
  private panels: Panels | undefined;
  private tooSmall: blessed.Widgets.BoxElement | undefined;

  constructor(private readonly screen: blessed.Widgets.Screen, private readonly keysHint: string) {
    this.layout();
  }

  /** Rebuilds the panels for the screen's current size (call on resize, then render). */
  layout(): void {
    for (const child of [...this.screen.children]) child.detach();
    this.panels = undefined;
    this.tooSmall = undefined;
    const cols = Number(this.screen.width);
    const rows = Number(this.screen.height);
    if (cols < MIN_COLS || rows < MIN_ROWS) {
      this.tooSmall = blessed.box({ parent: this.screen, top: 0, left: 0, width: '100%', height: '100%', content: '' });
      return;
    }
    const grid = new contrib.grid({ rows: 12, cols: 12, screen: this.screen });
    // why: a legend is drawn over the chart; below this chart width it would hide the lines
    // (the titles name the figures: processing / interval, total and scheduling delay).
    const wideCharts = Math.floor((cols * 4) / 12) >= LEGEND_MIN_CHART_COLS;
    const chart = (row: number, col: number, label: string, legend: boolean): contrib.LineElement =>
      grid.set(row, col, 4, 4, contrib.line, { label, showLegend: legend && wideCharts, legend: { width: 12 }, minY: 0, xLabelPadding: 3, xPadding: 5, numYLabels: 4, style: { line: 'yellow', text: 'green', baseline: 'white' } });
    const box = (row: number, col: number, rowSpan: number, colSpan: number, label: string): blessed.Widgets.BoxElement =>
      grid.set(row, col, rowSpan, colSpan, blessed.box, { label, tags: true, wrap: false });
    this.panels = {
      records: chart(0, 0, ' records/batch ', false),
      processing: chart(0, 4, ' processing ', true),
      delays: chart(0, 8, ' delay ', true),
      tap: box(4, 0, 4, 5, ' Latest output '),
      batches: box(4, 5, 4, 7, ' Recent batches '),
      receivers: box(8, 0, 4, 5, ' Receivers and rates '),
      log: box(8, 5, 4, 7, ' print() output and errors '),
      status: blessed.box({ parent: this.screen, bottom: 0, left: 0, width: '100%', height: 1, style: { fg: 'black', bg: 'cyan' } }),
    };
  }

  render(state: DashboardState): void {
    if (this.tooSmall) {
      this.tooSmall.setContent(`The terminal is ${this.screen.width}x${this.screen.height}; the dashboard needs at least ${MIN_COLS}x${MIN_ROWS}.\nEnlarge it, or press ${this.keysHint}.`);
      this.screen.render();
      return;
    }
    const p = this.panels as Panels;
    const series = chartSeries(state);
    const labels = chartLabels(state, Number(p.processing.width) - 3);
    // A chart needs two points at least, and a non-zero top (blessed-contrib divides by it).
    const x = series.x.length > 1 ? series.x : [...series.x, ' ', ' '].slice(0, 2);
    const y = (values: number[]): number[] => (values.length > 1 ? values : [...values, 0, 0].slice(0, 2));
    const draw = (el: contrib.LineElement, label: string, lines: Array<{ title: string; y: number[]; color: string }>): void => {
      el.setLabel(clip(label, Number(el.width) - 3));
      const top = Math.max(1, ...lines.flatMap((l) => l.y));
      el.options.maxY = top * 1.2;
      el.options.showNthLabel = Math.max(1, Math.ceil(x.length / Math.max(1, Math.floor(Number(el.width) / 12))));
      el.setData(lines.map((l) => ({ title: l.title, x, y: y(l.y), style: { line: l.color } })));
    };
    draw(p.records, labels.records, [{ title: 'records', y: series.records, color: 'yellow' }]);
    draw(p.processing, labels.processing, [
      { title: 'processing', y: series.processing, color: 'yellow' },
      { title: 'interval', y: series.interval, color: 'red' },
    ]);
    draw(p.delays, labels.delays, [
      { title: 'scheduling', y: series.scheduling, color: 'magenta' },
      { title: 'total', y: series.total, color: 'yellow' },
    ]);

    const inner = (el: blessed.Widgets.BoxElement): { w: number; h: number } => ({ w: Math.max(1, Number(el.width) - 2), h: Math.max(1, Number(el.height) - 2) });
    const tapSize = inner(p.tap);
    p.tap.setLabel(state.tap ? ` ${state.tap.label} ` : ' Latest output ');
    p.tap.setContent(tapLines(state.tap, tapSize.w).slice(0, tapSize.h).map(esc).join('\n'));
    const b = inner(p.batches);
    const [bh, ...brows] = textTable(BATCH_HEADERS, batchTableRows(state, b.h - 1), b.w, BATCH_DROP_FIRST);
    p.batches.setContent([`{bold}${esc(bh)}{/bold}`, ...brows.map((r) => (r.includes('failed') ? `{red-fg}${esc(r)}{/red-fg}` : esc(r)))].join('\n'));
    const r = inner(p.receivers);
    const receiverRows = receiverTableRows(state);
    p.receivers.setContent(
      receiverRows.length === 0 ? 'No receivers or rate limits reported.' : textTable(RECEIVER_HEADERS, receiverRows, r.w, RECEIVER_DROP_FIRST).map((line, i) => (i === 0 ? `{bold}${esc(line)}{/bold}` : esc(line))).join('\n'),
    );
    const l = inner(p.log);
    p.log.setContent(logLines(state, l.h, l.w).map((line) => (line.level === 'err' ? `{red-fg}${esc(line.text)}{/red-fg}` : line.level === 'info' ? `{cyan-fg}${esc(line.text)}{/cyan-fg}` : esc(line.text))).join('\n'));
    p.status.setContent(statusLine(state, this.keysHint, Number(this.screen.width)));
    this.screen.render();
  }
}

function esc(text: string): string {
  return blessed.escape(text);
}
