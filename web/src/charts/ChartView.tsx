import {
  BarController, BarElement, CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

// Only the pieces these charts use: tree-shaking leaves the rest of Chart.js out of the dashboard's chunk.
Chart.register(BarController, BarElement, CategoryScale, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip);
Chart.defaults.color = '#c9c9da';
Chart.defaults.borderColor = '#34344a';
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

export interface Series {
  label: string;
  values: number[];
  color: string;
  kind?: 'line' | 'bar';
}

/**
 * A chart drawn by Chart.js on a canvas, described for screen readers by its label, with the same
 * figures as a table under "Show the figures" (a canvas alone says nothing to assistive technology).
 */
export function ChartView({ title, labels, series, testId }: { title: string; labels: string[]; series: Series[]; testId?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);

  useEffect(() => {
    const config: ChartConfiguration = {
      type: 'bar',
      data: {
        labels,
        datasets: series.map((s) => ({
          type: s.kind ?? 'bar',
          label: s.label,
          data: s.values,
          backgroundColor: s.kind === 'line' ? `${s.color}33` : s.color,
          borderColor: s.color,
          fill: s.kind === 'line',
          tension: 0.25,
          pointRadius: labels.length > 40 ? 0 : 3,
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: window.matchMedia('(prefers-reduced-motion: reduce)').matches ? false : { duration: 300 },
        interaction: { mode: 'index', intersect: false },
        scales: { y: { beginAtZero: true } },
        plugins: { legend: { position: 'bottom' } },
      },
    };
    if (chart.current) {
      chart.current.data = config.data;
      chart.current.update();
    } else {
      chart.current = new Chart(canvas.current!, config);
    }
  }, [labels, series]);
  useEffect(() => () => chart.current?.destroy(), []);

  return (
    <figure class="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div class="chart-box">
        <canvas ref={canvas} role="img" aria-label={`${title}: ${series.map((s) => s.label).join(', ')} by ${labels.length > 0 ? 'period' : 'nothing yet'}`} />
      </div>
      <details>
        <summary>Show the figures</summary>
        <div class="table-scroll">
          <table>
            <thead><tr><th scope="col">When</th>{series.map((s) => <th scope="col" key={s.label}>{s.label}</th>)}</tr></thead>
            <tbody>
              {labels.map((label, i) => (
                <tr key={label}><th scope="row">{label}</th>{series.map((s) => <td key={s.label}>{s.values[i]?.toLocaleString()}</td>)}</tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
