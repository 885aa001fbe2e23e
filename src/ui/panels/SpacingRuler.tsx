/** Where the checkpoints sit along one axis (fine-tune steps, or distance from the teacher). */
export function SpacingRuler({ label, values, selected, color, onSelect }: { label: string; values: number[]; selected: number; color: string; onSelect(i: number): void }) {
  const max = Math.max(...values.filter(Number.isFinite), 1e-12);
  const W = 1000;
  return (
    <div className="ruler">
      <span className="ruler-label">{label}</span>
      <svg viewBox={`0 0 ${W} 24`} preserveAspectRatio="none" className="ruler-svg" aria-label={`${label} of each checkpoint`}>
        <line x1={0} x2={W} y1={12} y2={12} className="ruler-axis" />
        {values.map((v, i) => {
          const x = Number.isFinite(v) ? 8 + (v / max) * (W - 16) : 8;
          return (
            <g key={i} onClick={() => onSelect(i)} className="ruler-tick">
              <line x1={x} x2={x} y1={i === selected ? 2 : 6} y2={i === selected ? 22 : 18} stroke={i === selected ? color : 'currentColor'} strokeWidth={i === selected ? 5 : 2.5} vectorEffect="non-scaling-stroke" />
            </g>
          );
        })}
      </svg>
      <span className="ruler-max mono small">{Number(max.toPrecision(3))}</span>
    </div>
  );
}
