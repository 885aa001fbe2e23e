import { useRunStore } from '../../store/runStore';
import { canPlay, pause, play, resetRace, setSpeed, stepOnce } from '../../store/session';
import { InfoTip } from '../common/InfoTip';

export const SPEEDS = [1, 2, 4, 8, 16, 32, 64, 128];

/** Play / pause / step / reset and the speed slider (steps per animation frame). */
export function Transport() {
  const stage = useRunStore((s) => s.stage);
  const speed = useRunStore((s) => s.speed);
  const evalEvery = useRunStore((s) => s.config.evalEvery);
  const busy = useRunStore((s) => s.busy);
  const racing = stage === 'racing';
  const playable = canPlay(stage) && !busy;
  const resettable = ['ready', 'racing', 'paused', 'done'].includes(stage) && !busy;
  const idx = Math.max(0, SPEEDS.indexOf(speed));
  return (
    <div className="transport" role="group" aria-label="Race controls">
      {racing ? (
        <button type="button" className="btn round primary" data-testid="pause" onClick={() => void pause()} title="Pause (space)" aria-label="Pause">
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <rect x="6" y="5" width="4" height="14" rx="1" />
            <rect x="14" y="5" width="4" height="14" rx="1" />
          </svg>
        </button>
      ) : (
        <button type="button" className="btn round primary" data-testid="play" disabled={!playable} onClick={() => void play()} title="Play (space)" aria-label="Play">
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M8 5v14l11-7z" />
          </svg>
        </button>
      )}
      <button type="button" className="btn" data-testid="step" disabled={!playable} onClick={() => void stepOnce()} title={`Step ${evalEvery} generator iterations (s)`}>
        Step +{evalEvery}
      </button>
      <button type="button" className="btn" data-testid="reset" disabled={!resettable} onClick={() => void resetRace()} title="Reset the race to step 0 (r)">
        Reset
      </button>
      <label className="speed">
        <span>Speed</span>
        <input
          type="range"
          min={0}
          max={SPEEDS.length - 1}
          step={1}
          value={idx}
          data-testid="speed"
          aria-valuetext={`${SPEEDS[idx]} steps per frame`}
          onChange={(e) => setSpeed(SPEEDS[Number(e.target.value)] ?? 4)}
        />
        <span className="mono">{SPEEDS[idx]}×</span>
      </label>
      <InfoTip label="Keyboard shortcuts">
        <b>Keyboard</b>: <kbd>space</kbd> play / pause · <kbd>s</kbd> step · <kbd>r</kbd> reset · <kbd>?</kbd> help. Speed is generator steps per frame.
      </InfoTip>
    </div>
  );
}
