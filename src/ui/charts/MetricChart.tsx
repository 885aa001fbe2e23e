import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MethodId } from '../../config/schema';
import type { MethodSeries } from '../../store/snapshotReducer';
import type { XAxisMode } from '../../store/uiStore';
import { InfoTip } from '../common/InfoTip';
import { METHOD_COLORS, METHOD_SHORT } from '../methodStyle';
import { compactNumber, logDomain, metricRows, switchMarks, type ChartRow } from './chartData';
import type { ChartDef } from './chartDefs';
import { chartEmptyText, formatMetric, presentLines } from './chartText';

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
  // lines of a field no point carries (fdTeacher on a run that does not measure it) are left out
  const shown = useMemo(() => presentLines(def, methods, series), [def, methods, series]);
  const lines = useMemo<LineSpec[]>(() => {
    const out: LineSpec[] = [];
    for (const m of methods) {
      const s = series[m];
      if (!s) continue;
      for (const l of shown) {
        out.push({
          id: `${m}-${l.key}`,
          name: shown.length > 1 || def.lines.length > 1 ? `${METHOD_SHORT[m]} · ${l.label}` : METHOD_SHORT[m],
          color: METHOD_COLORS[m],
          dashed: !!l.dashed,
          rows: metricRows(s.points, l.key, xAxis, log),
        });
      }
    }
    return out;
  }, [shown, def, methods, series, xAxis, log]);

  const marks = useMemo(() => {
    const d = series.disback;
    if (!d || !methods.includes('disback')) return [];
    return switchMarks(d.points, d.switches, xAxis);
  }, [series, methods, xAxis]);

  const domain = useMemo(() => (log ? logDomain(lines.map((l) => l.rows)) : (def.domain ?? null)), [lines, log, def.domain]);
  const emptyText = chartEmptyText(lines.map((l) => l.rows));
  const xLabel = xAxis === 'step' ? 'generator steps' : 'network passes';
  const labelEvery = Math.max(1, Math.ceil(marks.length / 8));

  return (
    <figure className="chart" data-testid={`chart-${def.name}`}>
      <figcaption>
        <span>{def.title}</span>
        <InfoTip>{def.tip}</InfoTip>
        {shown.length > 1 ? (
          <span className="chart-key">
            {shown.map((l) => (
              <span key={l.key} className={`key ${l.dashed ? 'dashed' : ''}`}>
                {l.label}
              </span>
            ))}
          </span>
        ) : null}
      </figcaption>
      <div className="chart-box">
        {emptyText ? <div className="chart-empty">{emptyText}</div> : null}
        <ResponsiveContainer width="100%" height="100%">
          <LineChart margin={{ top: 8, right: 12, bottom: 14, left: 6 }}>
            <CartesianGrid stroke={gridColor} strokeDasharray="3 3" />
            <XAxis
              type="number"
              dataKey="x"
              domain={[0, 'dataMax']}
              tickFormatter={compactNumber}
              tick={{ fill: textColor, fontSize: 11 }}
              stroke={gridColor}
              allowDuplicatedCategory={false}
              label={{ value: xLabel, position: 'insideBottom', offset: -8, fill: textColor, fontSize: 10 }}
            />
            <YAxis
              scale={log ? 'log' : 'auto'}
              domain={domain ?? ['auto', 'auto']}
              allowDataOverflow={log}
              tickFormatter={compactNumber}
              tick={{ fill: textColor, fontSize: 11 }}
              stroke={gridColor}
              width={52}
              label={def.yLabel ? { value: `${def.yLabel}${log ? ' (log)' : ''}`, angle: -90, position: 'insideLeft', offset: 2, fill: textColor, fontSize: 10, style: { textAnchor: 'middle' } } : undefined}
            />
            <Tooltip
              formatter={(v) => formatMetric(v, def)}
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
