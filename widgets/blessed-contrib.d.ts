// The small part of blessed-contrib 4.11.0 the dashboard uses (the package ships no types).
declare module 'blessed-contrib' {
  import type { Widgets } from 'blessed';

  interface LineSeries {
    title: string;
    x: string[];
    y: number[];
    style?: { line?: string | number[] };
  }
  interface LineOptions extends Widgets.BoxOptions {
    showLegend?: boolean;
    legend?: { width?: number };
    minY?: number;
    maxY?: number;
    showNthLabel?: number;
    wholeNumbersOnly?: boolean;
    xLabelPadding?: number;
    xPadding?: number;
    numYLabels?: number;
    style?: { line?: string; text?: string; baseline?: string; border?: { fg?: string } };
  }
  interface LineElement extends Widgets.BoxElement {
    options: LineOptions;
    setData(series: LineSeries[]): void;
  }
  interface TableOptions extends Widgets.BoxOptions {
    columnWidth: number[];
    columnSpacing?: number;
    interactive?: boolean;
    fg?: string;
  }
  interface TableElement extends Widgets.BoxElement {
    setData(data: { headers: string[]; data: string[][] }): void;
  }

  type WidgetFactory<O, E> = (options: O) => E;

  class grid {
    constructor(options: { rows: number; cols: number; screen: Widgets.Screen; hideBorder?: boolean });
    set<O, E>(row: number, col: number, rowSpan: number, colSpan: number, factory: WidgetFactory<O, E>, options: O): E;
  }

  const line: WidgetFactory<LineOptions, LineElement>;
  const table: WidgetFactory<TableOptions, TableElement>;
}
