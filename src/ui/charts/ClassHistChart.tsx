import { memo, useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MethodId } from '../../config/schema';
import type { MethodSeries } from '../../store/snapshotReducer';
import { InfoTip } from '../common/InfoTip';
import { METHOD_COLORS, METHOD_SHORT } from '../methodStyle';
import { classHistRows, N_CLASSES } from './mnistData';

export interface ClassHistChartProps {
  methods: MethodId[];
  series: Partial<Record<MethodId, MethodSeries>>;
  textColor: string;
  gridColor: string;
}

/** The classifier's class histogram of each student's samples at its latest tick, grouped by digit. */
function ClassHistChartImpl({ methods, series, textColor, gridColor }: ClassHistChartProps) {
  const data = useMemo(() => classHistRows(methods, series), [methods, series]);
  const stepNote = data ? data.methods.map((m) => `${METHOD_SHORT[m]} @ ${data.steps[m] ?? 0}`).join(' · ') : '';
  return (
    <figure className="chart" data-testid="chart-classhist">
      <figcaption>
        <span>Class histogram (latest tick)</span>
        <InfoTip>
          Fraction of each student&apos;s digits that the classifier assigns to each class, at its latest evaluation. Real digits are about
          uniform: the dashed line is 1/10. Missing bars are digits the student does not draw.
        </InfoTip>
        {stepNote ? <span className="chart-key muted small">{stepNote}</span> : null}
      </figcaption>
      <div className="chart-box">
        {!data ? <div className="chart-empty">No class histogram yet: it appears with the first evaluation.</div> : null}
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data?.rows ?? []} margin={{ top: 8, right: 12, bottom: 14, left: 6 }} barCategoryGap="18%">
            <CartesianGrid stroke={gridColor} strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="digit"
              tick={{ fill: textColor, fontSize: 11 }}
              stroke={gridColor}
              label={{ value: 'digit class', position: 'insideBottom', offset: -8, fill: textColor, fontSize: 10 }}
            />
            <YAxis
              domain={[0, (max: number) => Math.max(0.2, Math.ceil(max * 10) / 10)]}
              tickFormatter={(v: number) => `${Math.round(v * 100)}%`}
              tick={{ fill: textColor, fontSize: 11 }}
              stroke={gridColor}
              width={52}
              label={{ value: 'share of samples', angle: -90, position: 'insideLeft', offset: 2, fill: textColor, fontSize: 10, style: { textAnchor: 'middle' } }}
            />
            <Tooltip
              formatter={(v, name) => [typeof v === 'number' ? `${(v * 100).toFixed(1)} %` : String(v), METHOD_SHORT[name as MethodId] ?? String(name)]}
              labelFormatter={(d) => `digit ${String(d)}`}
              contentStyle={{ fontSize: 12 }}
            />
            <ReferenceLine y={1 / N_CLASSES} stroke={textColor} strokeDasharray="4 3" strokeOpacity={0.7} />
            {(data?.methods ?? []).map((m) => (
              <Bar key={m} dataKey={m} name={m} fill={METHOD_COLORS[m]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

export const ClassHistChart = memo(ClassHistChartImpl);
