export interface Point {
  label: string;
  value: number;
}

const WIDTH = 420;
const HEIGHT = 180;
const PAD = { top: 12, right: 12, bottom: 24, left: 32 };

/** A line over 0..max (scores: 0..100) as plain SVG, oldest point first, with the figures in a hidden list. */
export function LineChart({ title, points, max = 100 }: { title: string; points: Point[]; max?: number }) {
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const x = (index: number) =>
    PAD.left + (points.length <= 1 ? plotWidth / 2 : (index / (points.length - 1)) * plotWidth);
  const y = (value: number) => PAD.top + plotHeight - (Math.min(value, max) / max) * plotHeight;
  const path = points
    .map((point, index) => `${index === 0 ? 'M' : 'L'}${x(index)},${y(point.value)}`)
    .join(' ');
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      {points.length === 0 ? (
        <p>No data yet.</p>
      ) : (
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-label={title}>
          <line className="axis" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} />
          <text x={PAD.left - 4} y={y(max) + 4} textAnchor="end">
            {max}
          </text>
          <text x={PAD.left - 4} y={y(0)} textAnchor="end">
            0
          </text>
          <path className="line" d={path} />
          {points.map((point, index) => (
            <circle key={index} cx={x(index)} cy={y(point.value)} r={3} fill="#4a7fd4">
              <title>{`${point.label}: ${point.value}`}</title>
            </circle>
          ))}
        </svg>
      )}
      <ol className="visually-hidden">
        {points.map((point, index) => (
          <li key={index}>
            {point.label}: {point.value}
          </li>
        ))}
      </ol>
    </figure>
  );
}
