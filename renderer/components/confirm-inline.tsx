/**
 * A question asked in place before something that cannot be undone: the danger button does it, Keep (which
 * has the focus, so Enter is the safe answer) does not. Both close the question.
 */
export function ConfirmInline({ label, question, confirm, onConfirm, onClose }: { label: string; question: string; confirm: string; onConfirm: () => void; onClose: () => void }) {
  return (
    <div className="history-confirm" role="alertdialog" aria-label={label}>
      <p className="small">{question}</p>
      <button
        type="button"
        className="button-danger"
        onClick={() => {
          onClose();
          onConfirm();
        }}
      >
        {confirm}
      </button>
      <button type="button" className="button-ghost" onClick={onClose} autoFocus>
        Keep
      </button>
    </div>
  );
}
