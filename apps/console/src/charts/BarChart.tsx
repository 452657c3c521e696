/** One category of a bar chart, with one value per series. */
export interface Bar {
  label: string;
  values: number[];
}

const WIDTH = 360;
const HEIGHT = 180;
const PAD = { top: 12, right: 8, bottom: 28, left: 36 };

/**
 * Grouped vertical bars as plain SVG (no chart library): one group per label, one bar per series. The
 * figures are also in a visually hidden table so screen readers get them.
 */
export function BarChart({ title, bars, series }: { title: string; bars: Bar[]; series: string[] }) {
  const max = Math.max(1, ...bars.flatMap((bar) => bar.values));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const groupWidth = plotWidth / Math.max(1, bars.length);
  const barWidth = (groupWidth * 0.7) / Math.max(1, series.length);
  const y = (value: number) => PAD.top + plotHeight - (value / max) * plotHeight;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-label={title}>
        <line className="axis" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} />
        <text x={PAD.left - 4} y={y(max) + 4} textAnchor="end">
          {max}
        </text>
        <text x={PAD.left - 4} y={y(0)} textAnchor="end">
          0
        </text>
        {bars.map((bar, index) => {
          const x0 = PAD.left + index * groupWidth + groupWidth * 0.15;
          return (
            <g key={bar.label}>
              {bar.values.map((value, s) => (
                <rect
                  key={s}
                  className={s === 0 ? 'bar' : 'bar-after'}
                  x={x0 + s * barWidth}
                  y={y(value)}
                  width={barWidth - 2}
                  height={y(0) - y(value)}
                >
                  <title>{`${bar.label} (${series[s] ?? ''}): ${value}`}</title>
                </rect>
              ))}
              <text x={PAD.left + index * groupWidth + groupWidth / 2} y={HEIGHT - 10} textAnchor="middle">
                {bar.label}
              </text>
            </g>
          );
        })}
      </svg>
      {series.length > 1 && (
        <div className="legend">
          {series.map((name, s) => (
            <span key={name} style={{ ['--c' as string]: s === 0 ? '#4a7fd4' : '#e0923a' }}>
              {name}
            </span>
          ))}
        </div>
      )}
      <table className="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Category</th>
            {series.map((name) => (
              <th key={name} scope="col">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {bars.map((bar) => (
            <tr key={bar.label}>
              <th scope="row">{bar.label}</th>
              {bar.values.map((value, s) => (
                <td key={s}>{value}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
