import type { BucketCount } from '../../../core/ranking/buckets.ts';
import type { EditionTime } from '../../../core/time/edition-time.ts';

/**
 * A small bar chart of an article's views, drawn as SVG on the server (no chart library, no
 * script). The picture has a text summary for screen readers and the numbers in a table below.
 */
export function ViewsChart(props: {
  id: string;
  title: string;
  counts: readonly BucketCount[];
  from: number;
  step: number;
  buckets: number;
  label: (at: number) => string;
  time: EditionTime;
}) {
  const byStart = new Map(props.counts.map((c) => [c.bucketStart, c.views]));
  const bars = Array.from({ length: props.buckets }, (_, i) => {
    const at = props.from + i * props.step;
    return { at, views: byStart.get(at) ?? 0 };
  });
  const max = Math.max(1, ...bars.map((b) => b.views));
  const total = bars.reduce((a, b) => a + b.views, 0);
  const peak = bars.reduce((a, b) => (b.views > a.views ? b : a), bars[0] ?? { at: props.from, views: 0 });
  const width = 300;
  const height = 60;
  const barWidth = width / props.buckets;
  const summary = total === 0 ? `${props.title}: no views` : `${props.title}: ${total} views in all, most (${peak.views}) ${props.label(peak.at)}`;
  return (
    <figure class="views-chart">
      <figcaption id={`${props.id}-title`}>
        {props.title}: <strong>{total}</strong>
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-labelledby={`${props.id}-title ${props.id}-desc`}>
        <desc id={`${props.id}-desc`}>{summary}</desc>
        {bars.map((b, i) => {
          const h = Math.round((b.views / max) * (height - 2));
          return (
            <rect x={i * barWidth + 0.5} y={height - h} width={Math.max(1, barWidth - 1)} height={h} class="bar">
              <title>{`${props.label(b.at)}: ${b.views}`}</title>
            </rect>
          );
        })}
      </svg>
      <details>
        <summary>The numbers</summary>
        <table class="data small">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Views</th>
            </tr>
          </thead>
          <tbody>
            {bars
              .filter((b) => b.views > 0)
              .map((b) => (
                <tr>
                  <td>{props.label(b.at)}</td>
                  <td>{b.views}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
