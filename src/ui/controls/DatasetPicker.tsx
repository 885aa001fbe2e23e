import { useId } from 'react';
import { DATASETS, type DatasetName } from '../../config/schema';
import { InfoTip } from '../common/InfoTip';

export const DATASET_LABELS: Record<DatasetName, string> = {
  '8gaussians': '8 Gaussians',
  '25gaussians': '25 Gaussians',
  swissroll: 'Swiss roll',
  moons: 'Two moons',
  checkerboard: 'Checkerboard',
  rings: 'Rings',
  spiral: 'Spiral',
  points: 'Draw your own…',
  mnist: 'MNIST digits',
};

export function DatasetPicker({ value, onChange }: { value: DatasetName; onChange(d: DatasetName): void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>
        Data set
        <InfoTip>The distribution the teacher learned. The student must learn it too, in one step.</InfoTip>
      </label>
      <select id={id} value={value} data-testid="dataset-select" onChange={(e) => onChange(e.target.value as DatasetName)}>
        {DATASETS.map((d) => (
          <option key={d} value={d}>
            {DATASET_LABELS[d]}
          </option>
        ))}
      </select>
    </div>
  );
}
