import { useUiStore } from '../../store/uiStore';

/** Keyboard shortcuts, opened with "?". */
export function HelpDialog() {
  const open = useUiStore((s) => s.helpOpen);
  const setOpen = useUiStore((s) => s.setHelpOpen);
  if (!open) return null;
  return (
    <div className="dialog-backdrop" onClick={() => setOpen(false)}>
      <div className="dialog" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" onClick={(e) => e.stopPropagation()} data-testid="help">
        <h2>Keyboard shortcuts</h2>
        <table className="data-table">
          <tbody>
            <tr>
              <td>
                <kbd>space</kbd>
              </td>
              <td>play / pause the race</td>
            </tr>
            <tr>
              <td>
                <kbd>s</kbd>
              </td>
              <td>step one evaluation tick</td>
            </tr>
            <tr>
              <td>
                <kbd>r</kbd>
              </td>
              <td>reset the race to step 0 (teacher and path are kept)</td>
            </tr>
            <tr>
              <td>
                <kbd>?</kbd>
              </td>
              <td>this help</td>
            </tr>
          </tbody>
        </table>
        <button type="button" className="btn" onClick={() => setOpen(false)} autoFocus>
          Close
        </button>
      </div>
    </div>
  );
}
