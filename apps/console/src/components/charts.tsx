import { BarChart, LineChart } from '@mantine/charts';
import { Box, Text, VisuallyHidden } from '@mantine/core';

/** One chart series: the row field it reads, its legend label and its Mantine colour. */
export interface Series {
  name: string;
  label: string;
  color: string;
}

type Row = Record<string, string | number>;

const PALETTE = ['blue.7', 'orange.7', 'teal.7', 'red.7', 'grape.7'];

/** Series named by row fields, coloured in order. */
export function seriesOf(fields: { name: string; label: string }[]): Series[] {
  return fields.map((field, index) => ({ ...field, color: PALETTE[index % PALETTE.length] ?? 'blue.7' }));
}

/**
 * What every chart on the console shares: a caption, an `img` role named by it (for screen readers and the
 * browser tests) and the figures again in a visually hidden table, since a chart alone is not readable.
 */
function Figure({
  title,
  rows,
  categoryKey,
  series,
  children,
}: {
  title: string;
  rows: Row[];
  categoryKey: string;
  series: Series[];
  children: React.ReactNode;
}) {
  return (
    <Box component="figure" m={0}>
      <Text component="figcaption" size="sm" c="dimmed" mb={4}>
        {title}
      </Text>
      <div role="img" aria-label={title}>
        {children}
      </div>
      <VisuallyHidden>
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{categoryKey}</th>
              {series.map((s) => (
                <th key={s.name} scope="col">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={index}>
                <th scope="row">{row[categoryKey]}</th>
                {series.map((s) => (
                  <td key={s.name}>{row[s.name]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </VisuallyHidden>
    </Box>
  );
}

/** What every chart takes: its title, its rows, which field names the category, its series and axis labels. */
interface ChartProps {
  title: string;
  rows: Row[];
  categoryKey: string;
  series: Series[];
  xLabel: string;
  yLabel: string;
}

/** The props both chart kinds share: labelled axes, whole-number counts, a legend when there is more than one. */
function axes({ rows, categoryKey, series, xLabel, yLabel }: ChartProps) {
  return {
    h: 220,
    data: rows,
    dataKey: categoryKey,
    series,
    xAxisLabel: xLabel,
    yAxisLabel: yLabel,
    withLegend: series.length > 1,
    gridAxis: 'y' as const,
    // every category named while they fit (a bar without its label is not readable); a long time axis
    // keeps its first and last dates and as many between as fit
    xAxisProps: { interval: rows.length > 12 ? ('preserveStartEnd' as const) : 0 },
    yAxisProps: { allowDecimals: false },
  };
}

/**
 * Bars per category (one per series), with labelled axes. `horizontal` lays the bars along the x axis and
 * names the categories down the y axis, where long names fit a narrow card side by side.
 */
export function BarFigure({
  stacked = false,
  horizontal = false,
  ...chart
}: ChartProps & { stacked?: boolean; horizontal?: boolean }) {
  const shared = axes(chart);
  const layout = horizontal
    ? {
        orientation: 'vertical' as const,
        gridAxis: 'x' as const,
        xAxisLabel: chart.yLabel,
        yAxisLabel: chart.xLabel,
        xAxisProps: { allowDecimals: false },
        yAxisProps: { width: 96, interval: 0 as const },
        tickLine: 'x' as const,
      }
    : { tickLine: 'y' as const };
  return (
    <Figure title={chart.title} rows={chart.rows} categoryKey={chart.categoryKey} series={chart.series}>
      <BarChart {...shared} {...layout} type={stacked ? 'stacked' : 'default'} />
    </Figure>
  );
}

/** Lines over a category axis (dates, oldest first), with labelled axes and optional horizontal bands. */
export function LineFigure({
  references = [],
  ...chart
}: ChartProps & {
  /** horizontal lines with a label, such as the score where a stage starts */
  references?: { y: number; label: string }[];
}) {
  if (chart.rows.length === 0) return <Text size="sm">No data yet.</Text>;
  const shared = axes(chart);
  // The bands are drawn even when every value lies below them: the axis reaches the highest one.
  const values = chart.rows.flatMap((row) => chart.series.map((s) => Number(row[s.name]) || 0));
  const top = Math.max(...values, ...references.map((r) => r.y));
  return (
    <Figure title={chart.title} rows={chart.rows} categoryKey={chart.categoryKey} series={chart.series}>
      <LineChart
        {...shared}
        curveType="linear"
        // room for the first and last labels, which are centred on the first and last points
        xAxisProps={{ ...shared.xAxisProps, padding: { left: 48, right: 48 } }}
        yAxisProps={{ ...shared.yAxisProps, domain: [0, Math.ceil(top * 1.1)] }}
        referenceLines={references.map((r) => ({ y: r.y, label: r.label, color: 'gray.6' }))}
      />
    </Figure>
  );
}
