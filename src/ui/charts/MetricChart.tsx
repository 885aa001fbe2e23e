import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MethodId } from '../../config/schema';
import type { MethodSeries } from '../../store/snapshotReducer';
import type { XAxisMode } from '../../store/uiStore';
import { InfoTip } from '../common/InfoTip';
import { METHOD_COLORS, METHOD_SHORT } from '../methodStyle';
import { compactNumber, logDomain, metricRows, switchMarks, type ChartRow } from './chartData';
import type { ChartDef } from './chartDefs';

export interface MetricChartProps {
  def: ChartDef;
  methods: MethodId[];
  series: Partial<Record<MethodId, MethodSeries>>;
  xAxis: XAxisMode;
  log: boolean;
  textColor: string;
  gridColor: string;
}

interface LineSpec {
  id: string;
  name: string;
  color: string;
  dashed: boolean;
  rows: ChartRow[];
}

function MetricChartImpl({ def, methods, series, xAxis, log: logWanted, textColor, gridColor }: MetricChartProps) {
  const log = logWanted && def.logOk;
  const lines = useMemo<LineSpec[]>(() => {
    const out: LineSpec[] = [];
    for (const m of methods) {
      const s = series[m];
      if (!s) continue;
      for (const l of def.lines) {
        out.push({
          id: `${m}-${l.key}`,
          name: def.lines.length > 1 ? `${METHOD_SHORT[m]} · ${l.label}` : METHOD_SHORT[m],
          color: METHOD_COLORS[m],
          dashed: !!l.dashed,
          rows: metricRows(s.points, l.key, xAxis, log),
        });
      }
    }
    return out;
  }, [def, methods, series, xAxis, log]);

  const marks = useMemo(() => {
    const d = series.disback;
    if (!d || !methods.includes('disback')) return [];
    return switchMarks(d.points, d.switches, xAxis);
  }, [series, methods, xAxis]);

  const domain = useMemo(() => (log ? logDomain(lines.map((l) => l.rows)) : null), [lines, log]);
  const empty = lines.every((l) => l.rows.every((r) => r.y === null));
  const labelEvery = Math.max(1, Math.ceil(marks.length / 8));

  return (
    <figure className="chart" data-testid={`chart-${def.name}`}>
      <figcaption>
        <span>{def.title}</span>
        <InfoTip>{def.tip}</InfoTip>
        {def.lines.length > 1 ? (
          <span className="chart-key">
            {def.lines.map((l) => (
              <span key={l.key} className={`key ${l.dashed ? 'dashed' : ''}`}>
                {l.label}
              </span>
            ))}
          </span>
        ) : null}
      </figcaption>
      <div className="chart-box">
        {empty ? <div className="chart-empty">No points yet: press play.</div> : null}
        <ResponsiveContainer width="100%" height="100%">
          <LineChart margin={{ top: 8, right: 12, bottom: 2, left: 0 }}>
            <CartesianGrid stroke={gridColor} strokeDasharray="3 3" />
            <XAxis
              type="number"
              dataKey="x"
              domain={[0, 'dataMax']}
              tickFormatter={compactNumber}
              tick={{ fill: textColor, fontSize: 11 }}
              stroke={gridColor}
              allowDuplicatedCategory={false}
            />
            <YAxis
              scale={log ? 'log' : 'auto'}
              domain={domain ?? ['auto', 'auto']}
              allowDataOverflow={log}
              tickFormatter={compactNumber}
              tick={{ fill: textColor, fontSize: 11 }}
              stroke={gridColor}
              width={48}
            />
            <Tooltip
              formatter={(v) => (typeof v === 'number' ? v.toPrecision(4) : String(v))}
              labelFormatter={(x) => `${xAxis === 'step' ? 'step' : 'passes'} ${typeof x === 'number' ? compactNumber(x) : String(x)}`}
              contentStyle={{ fontSize: 12 }}
            />
            {marks.map((m, i) => (
              <ReferenceLine
                key={`${m.x}-${m.node}`}
                x={m.x}
                stroke={METHOD_COLORS.disback}
                strokeOpacity={0.45}
                strokeDasharray="2 3"
                label={i % labelEvery === 0 ? { value: `θ′${m.node}`, position: 'insideTopRight', fill: METHOD_COLORS.disback, fontSize: 10 } : undefined}
              />
            ))}
            {lines.map((l) => (
              <Line
                key={l.id}
                data={l.rows}
                dataKey="y"
                name={l.name}
                stroke={l.color}
                strokeWidth={l.dashed ? 1.5 : 2}
                strokeDasharray={l.dashed ? '5 4' : undefined}
                dot={false}
                isAnimationActive={false}
                connectNulls
                type="linear"
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

export const MetricChart = memo(MetricChartImpl);
